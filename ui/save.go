package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/profiles"
)

// save saves the form from anywhere: over the loaded profile, or through
// the "save as" prompt when the form is a new profile.
func (m *Model) save() (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		return m.setStatus(true, errNoStore.Error())
	}
	if m.profile == "" {
		return m.saveAs()
	}
	return m.askSaveOver()
}

// saveAs opens the profiles pane on its "save the form as" prompt.
func (m *Model) saveAs() (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		return m.setStatus(true, errNoStore.Error())
	}
	var cmd tea.Cmd
	if m.focus != focusProfiles {
		_, cmd = m.openProfiles()
	}
	m.profiles.StartSaveAs()
	return m, cmd
}

// saveOverMsg is the pane's "save over" intent for the root's save key.
func saveOverMsg(name string) profiles.SaveOverMsg { return profiles.SaveOverMsg{Name: name} }

// askSaveOver asks before saving the form over the loaded profile, showing
// what the save changes in it; with nothing changed it saves at once (to
// keep a token sent from this form with the profile).
func (m *Model) askSaveOver() (tea.Model, tea.Cmd) {
	if !m.dirty() {
		return m.handlePaneMsg(saveOverMsg(m.profile))
	}
	q := "Save the form over profile \"" + m.profile + "\"?"
	c := profiles.NewConfirm(m.styles, m.keys.Pane.Confirm, q,
		[]profiles.Choice{{Key: profiles.AnswerSave, Label: "Save"}, {Key: profiles.AnswerCancel, Label: "Cancel"}}, 0, 1)
	m.askUser(m.withDiff(c), askSaveOver)
	return m, nil
}
