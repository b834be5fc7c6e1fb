// Package profiles is the console's profiles pane: the saved profiles as a
// filterable, virtualised table (name, endpoint host, masked client key,
// network type, token status, where the secrets live), the actions on them
// (load, save as, save over, new, rename, duplicate, delete, repair), and a
// history view of the selected profile. It also holds Confirm, a small
// question-with-answers component the root can reuse for its unsaved-edits
// prompt (UnsavedConfirm).
//
// The pane never does I/O. The root loads the list in a tea.Cmd and hands it
// over; the pane answers key presses with intent messages the root carries
// out in its own commands.
//
// # Wiring it into the root model
//
//	// New, with the other children:
//	m.profiles = profiles.New(st, profiles.DefaultKeyMap())
//	// applyStyles / layout:
//	m.profiles.SetStyles(st)
//	m.profiles.SetSize(innerW, innerH) // View returns exactly innerH lines
//	// ctrl+p: focus the pane and (re)load the list, so changes made by
//	// another terminal show up:
//	m.profiles.Reset(); m.focus = focusProfiles; return m, listCmd(store)
//	// the list arrived (listedMsg from listCmd):
//	if msg.err != nil { m.profiles.SetError(msg.err) } else { m.profiles.SetProfiles(msg.list, m.deps.Now()) }
//	// key presses and pastes while focused: route everything to the pane
//	// except ctrl+c, F1 and ctrl+p, before the root's other global keys.
//	// The pane is a text field ('?' types into the filter) and uses
//	// F12 (save as), ctrl+w (save over) and F2 (rename) itself:
//	m.profiles, cmd = m.profiles.Update(msg)
//	// whenever the form's profile or dirtiness changes:
//	m.profiles.SetLoaded(m.profile, m.form.Dirty())
//	// the one-second tick, to keep "valid 42m" current (optional):
//	m.profiles.SetNow(now)
//	// help bar while focused: m.profiles.ShortHelp() / FullHelp()
//
// and one case per intent message in the root's Update:
//
//	profiles.LoadProfileMsg{Name}   load it (asking first about unsaved edits)
//	profiles.SaveAsMsg{Name}        store.Save(p, secrets, SaveOptions{CreateOnly: true})
//	profiles.SaveOverMsg{Name}      store.Save(..., SaveOptions{IfUnchangedSince: loadedUpdated});
//	                                on store.ErrConflict ask before overwriting
//	profiles.NewProfileMsg{}        blank form from detection (asking about unsaved edits)
//	profiles.RenameMsg{Old, New}    store.Rename
//	profiles.DuplicateMsg{Src, Dst} store.Copy
//	profiles.DeleteMsg{Name}        store.Delete (already confirmed by the user)
//	profiles.RepairMsg{}            store.Repair (already confirmed by the user)
//	profiles.CloseMsg{}             focus the form again
//	profiles.AnsweredMsg{ID, Answer} the answer to a question asked with Ask
//	profiles.PromptCancelledMsg{}   esc in a name prompt (drop an action waiting on it)
//	profiles.CheckMsg{Names}        check them (tokens.Check in a command); call StartCheck(names),
//	                                SetCheckResult(r) per result, EndCheck(canceled, err) at the end
//	profiles.CancelCheckMsg{}       cancel the check in flight (esc while it runs)
//
// StartSaveAs opens the save-as name prompt for the root (say, the user
// chose "save" for a new profile before quitting).
//
// Questions the root needs answered while the pane is focused go through
// the pane, so they show in its footer and take its keys:
//
//	// store.ErrConflict from SaveOverMsg:
//	m.profiles.Ask(profiles.ConflictConfirm(st, keys.Confirm, name), "clobber")
//	// LoadProfileMsg with unsaved edits in the form:
//	m.profiles.Ask(profiles.UnsavedConfirm(st, keys.Confirm, m.profile, "loading \""+name+"\""), "load:"+name)
//	// later: AnsweredMsg{ID: "load:dev", Answer: profiles.AnswerSave / AnswerDiscard / AnswerCancel}
//
// Outside the pane (quitting from the form) the root can hold a Confirm
// itself: Update(key) returns the answer, View(width) draws it.
//
// After each, reload the list and call SetProfiles, then SetNotice("saved
// dev") on success or SetError(err) on failure: SetError turns store errors
// (*store.CorruptError, *store.LockTimeoutError, keyring errors,
// store.ErrConflict, ...) into a message with what to do, and a corrupt file
// offers the repair key. Names in SaveAsMsg, RenameMsg and DuplicateMsg have
// passed store.ValidateName and are not taken in the list the pane holds
// (the store still has the last word, e.g. store.ErrExists after a change in
// another terminal).
//
// # The sidebar and the mouse
//
// From 140 columns the root keeps the pane on screen beside the form and the
// result: SetCompact(true) draws two lines a profile (name; token status and
// last call), SetFocused(false) drops the cursor bar while the keys go
// elsewhere, and WantsRoom reports that the pane shows its history, which
// the root then draws over the whole body. Click(y) and Wheel(d) take mouse
// events in the pane's own lines: a click selects a row and a click on the
// selected row loads it (LoadProfileMsg); in the history a click selects an
// entry and a second click opens its details.
//
// # Keys (DefaultKeyMap)
//
// Typing filters (every space-separated word must appear in the name, the
// endpoint host or the client key; case-insensitive); ↑/↓, pgup/pgdn,
// home/end move; enter loads; F12 save the form as…; ctrl+w save over the
// loaded profile; ctrl+n new; F2 rename; F5 duplicate; del (F8)
// delete; ctrl+l history; F9 repair (only with a corrupt file); alt+c
// checks the selected profile and alt+a every profile the filter shows
// (a CHECK column and a "checked N of M" footer line fill in as results
// arrive; esc then cancels the check);
// esc cancels a prompt, leaves the history, clears the filter, and otherwise
// sends CloseMsg. In the history ↑/↓ select a call and enter opens its
// details (time, kind, status, duration, request id, endpoint, error); there
// enter loads the profile's saved values into the form (LoadProfileMsg: the
// history keeps no request body, and the view says so) and esc goes back.
//
// # Scale
//
// SetProfiles precomputes each profile's endpoint host and a lower-cased
// haystack once; a filter keystroke scans those strings (only the previous
// matches when the query grew at its end) and View formats only the visible
// rows, so 10 000 profiles cost well under a millisecond per keystroke (see
// the benchmarks in this package).
package profiles
