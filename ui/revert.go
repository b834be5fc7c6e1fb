package ui

import tea "charm.land/bubbletea/v2"

// revert puts the form back to what was loaded or last saved: the revert
// is the discard, so it asks nothing, says what it threw away and how to
// take it back (the form's undo key).
func (m *Model) revert() (tea.Model, tea.Cmd) {
	cs := changes(m.loaded, m.formState())
	what := "the saved profile " + m.profile
	if m.profile == "" {
		what = "the new profile's starting values"
	}
	if len(cs) == 0 {
		return m.setStatus(false, "nothing to revert: the form is "+what)
	}
	m.form.Revert(m.loaded.endpoint, m.loaded.req)
	m.updatePreview()
	return m.setHint(false, "reverted to "+lit(what)+": unsaved edits to "+changedFieldsText(len(cs))+" discarded (%s takes it back)",
		m.here(m.keys.Form.Undo))
}
