package profiles

import tea "charm.land/bubbletea/v2"

// The pane never touches the store. It asks the root with these messages,
// returned as commands from Update; the root does the work in a tea.Cmd and
// hands the outcome back with SetProfiles, SetError, SetNotice and
// SetLoaded.

// LoadProfileMsg asks the root to load the named profile into the form,
// preview and token view (asking first about unsaved edits).
type LoadProfileMsg struct{ Name string }

// SaveAsMsg asks the root to save the form as a new profile. Name has
// passed store.ValidateName and is not in the list the pane was given; the
// root saves with store.SaveOptions{CreateOnly: true}.
type SaveAsMsg struct{ Name string }

// SaveOverMsg asks the root to save the form over the loaded profile Name
// (with SaveOptions.IfUnchangedSince, so a newer version on disk is not
// clobbered without asking).
type SaveOverMsg struct{ Name string }

// NewProfileMsg asks the root for a new blank profile filled from device
// detection (asking first about unsaved edits).
type NewProfileMsg struct{}

// RenameMsg asks the root to rename profile Old to New (validated, free).
type RenameMsg struct{ Old, New string }

// DuplicateMsg asks the root to copy profile Src to Dst (validated, free).
type DuplicateMsg struct{ Src, Dst string }

// DeleteMsg asks the root to delete the named profile. It is sent only
// after the user answered yes to a confirmation naming the profile.
type DeleteMsg struct{ Name string }

// RepairMsg asks the root to move the corrupt profiles file aside
// (store.Repair), after the user confirmed. Problem is the parser's
// message, where first ("path:line:column: problem"), for the root to keep
// on screen once the file is gone.
type RepairMsg struct{ Problem string }

// PromptCancelledMsg tells the root that the user left a name prompt with
// esc, so an action waiting on it (StartSaveAs before quitting, say) is
// off.
type PromptCancelledMsg struct{}

// HistoryMsg asks the root for the history of the named profile; it
// answers with SetHistory.
type HistoryMsg struct{ Name string }

// ResendMsg asks the root to send a recorded call of the named profile
// again: Kind "issue" issues a new token, "refresh" refreshes, each with
// the profile's current saved values and secrets (never the recorded,
// masked copy). The root answers with SetNotice or SetError and a new
// history.
type ResendMsg struct{ Name, Kind string }

// CloseMsg asks the root to close the pane and focus the form again.
type CloseMsg struct{}

// emit is a command that delivers msg.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// AnsweredMsg is the answer to a question the root asked with Ask: ID is
// the id it gave, Answer the chosen Choice.Key (the cancel choice's key
// when the user pressed esc).
type AnsweredMsg struct {
	ID     string
	Answer string
}
