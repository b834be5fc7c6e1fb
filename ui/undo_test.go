package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/form"
)

var keyUndo = tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}

// TestUndoInTextFields: ctrl+z takes back typing (a word at a time),
// deletion and paste in the focused field, and the preview follows
// (issue 13: undo in text fields).
func TestUndoInTextFields(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = press(t, m, keyTab) // client key
	orig := m.form.Value(form.ClientKey)
	m = typeText(t, m, "XYZ")
	if got := m.form.Value(form.ClientKey); got != orig+"XYZ" || !strings.Contains(m.preview.Content(), orig+"XYZ") {
		t.Fatalf("typed: field %q", got)
	}
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	m = update(m, tea.PasteMsg{Content: "pasted"})
	if got := m.form.Value(form.ClientKey); got != orig+"XYpasted" {
		t.Fatalf("after backspace and paste: %q", got)
	}
	m = press(t, m, keyUndo) // the paste
	if got := m.form.Value(form.ClientKey); got != orig+"XY" {
		t.Fatalf("undo of the paste: %q", got)
	}
	m = press(t, m, keyUndo) // the backspace
	if got := m.form.Value(form.ClientKey); got != orig+"XYZ" {
		t.Fatalf("undo of the backspace: %q", got)
	}
	m = press(t, m, keyUndo) // the typed word
	if got := m.form.Value(form.ClientKey); got != orig {
		t.Fatalf("undo of the typing: %q", got)
	}
	if c := m.preview.Content(); strings.Contains(c, orig+"X") || !strings.Contains(c, orig) {
		t.Fatal("the preview did not follow the undo")
	}
	if m.dirty() {
		t.Fatal("the form is still dirty after undoing every edit")
	}
	m = press(t, m, keyUndo)
	if !strings.Contains(m.status, "nothing to undo") {
		t.Fatalf("undo with no history: %q", m.status)
	}
	// A device field's undo re-encodes the device info too.
	m.form.FocusField(form.DeviceModel)
	info := m.form.Value(form.DeviceInfo)
	m = typeText(t, m, "abc")
	if m.form.Value(form.DeviceInfo) == info {
		t.Fatal("typing in a device field did not re-encode")
	}
	m = press(t, m, keyUndo)
	if m.form.Value(form.DeviceInfo) != info {
		t.Fatal("undo in a device field did not re-encode the device info")
	}
}

// TestRevertToSaved: F10 puts the form back to the loaded profile's saved
// values at once and says what it discarded (issue 13: revert to saved).
func TestRevertToSaved(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = loadProfile(t, m, "prod-eu")
	saved := m.formState()
	m = press(t, m, keyTab) // client key
	m = typeText(t, m, "-edited")
	m = press(t, m, keyTab) // client secret
	m = typeText(t, m, "x")
	m.form.FocusField(form.Network)
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	if !m.dirty() {
		t.Fatal("the edits did not make the form dirty")
	}
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF10})
	if m.dirty() || !m.formState().equal(saved) || m.ask != nil {
		t.Fatalf("not reverted (dirty %v, asked %v): %+v", m.dirty(), m.ask != nil, m.formState())
	}
	if !strings.Contains(m.status, "reverted to the saved profile prod-eu") || !strings.Contains(m.status, "3 fields") {
		t.Fatalf("status %q", m.status)
	}
	if !strings.Contains(m.preview.Content(), saved.req.ClientKey) {
		t.Fatal("the preview did not follow the revert")
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'z', Mod: tea.ModAlt})
	if !strings.Contains(m.status, "nothing to revert") {
		t.Fatalf("alt+z on a clean form: %q", m.status)
	}
}
