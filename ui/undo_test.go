package ui

import (
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/charmbracelet/x/ansi"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/form"
)

var keyUndo = tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}

// TestUndoInTextFields: ctrl+z takes back typing (a word at a time),
// deletion and paste in the focused field, and the preview follows.
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
// values at once and says what it discarded.
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

// TestDiffBeforeSaveAndDiscard: saving over the loaded profile and the
// unsaved-edits question show which fields the edits change (old → new;
// secrets only "changed"), within the screen at 80x24 and 60x20.
func TestDiffBeforeSaveAndDiscard(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		st := sampleStore(t)
		m := storeModel(t, st, size[0], size[1], true)
		m = loadProfile(t, m, "prod-eu")
		m = press(t, m, keyEsc) // back to the form
		m.form.FocusField(form.ClientKey)
		m = typeText(t, m, "Q")
		m.form.FocusField(form.ClientSecret)
		m = typeText(t, m, "NEWSECRET")
		m.form.FocusField(form.Network)
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
		check := func(what string) {
			t.Helper()
			screen := ansi.Strip(content(m))
			lines := strings.Split(screen, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %v: %d lines", what, size, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%s at %v: line too wide: %q", what, size, l)
				}
			}
			for _, want := range []string{"Client key: ", "Q", "Client secret: changed", "Network: ethernet → "} {
				if !strings.Contains(screen, want) {
					t.Errorf("%s at %v: no %q in\n%s", what, size, want, screen)
				}
			}
			if strings.Contains(screen, "NEWSECRET") || strings.Contains(screen, testSecret) {
				t.Errorf("%s at %v: a secret is on screen", what, size)
			}
		}
		m = press(t, m, keySave)
		if m.ask == nil {
			t.Fatalf("ctrl+w over a loaded profile with edits did not ask: %q", m.status)
		}
		check("save over")
		m = press(t, m, keyEsc)
		if p, _ := st.load("prod-eu"); strings.HasSuffix(p.Request.ClientKey, "Q") || !m.dirty() {
			t.Fatal("cancel saved anyway")
		}
		m = press(t, m, keyCtrlC)
		if m.ask == nil {
			t.Fatal("quitting with edits did not ask")
		}
		check("quit")
		m = press(t, m, keyEsc, keySave, keyEnter)
		if p, _ := st.load("prod-eu"); !strings.HasSuffix(p.Request.ClientKey, "Q") || m.dirty() {
			t.Fatalf("enter on the save question did not save (status %q)", m.status)
		}
	}
}

// TestDiffLinesAreShortAndHideSecrets checks the diff lines alone: a cap
// with "and N more", secrets and header values never shown.
func TestDiffLinesAreShortAndHideSecrets(t *testing.T) {
	t.Parallel()
	a := formState{endpoint: "https://a.example", req: tokenclient.TokenRequest{ClientKey: "k", ClientSecret: "s1",
		UIDSignature: "sig1", Headers: []tokenclient.Header{{Name: "Cookie", Value: "c1"}}}}
	b := formState{endpoint: "https://b.example", req: tokenclient.TokenRequest{ClientKey: "k2", ClientSecret: "s2",
		UIDSignature: "sig2", Headers: []tokenclient.Header{{Name: "Cookie", Value: "c2"}}, UID: "u", UserAgent: "ua"}}
	cs := changes(a, b)
	lines := diffLines(cs, 60)
	text := strings.Join(lines, "\n")
	if len(lines) != maxDiffLines+1 || !strings.Contains(text, "… and 3 more") {
		t.Fatalf("%d changes gave:\n%s", len(cs), text)
	}
	all := strings.Join(diffLines(cs[3:], 60), "\n")
	for _, bad := range []string{"s1", "s2", "sig1", "sig2", "c1", "c2"} {
		if strings.Contains(text+all, bad) {
			t.Errorf("secret value %q shown:\n%s\n%s", bad, text, all)
		}
	}
	if !strings.Contains(all, "Headers: changed: Cookie") || !strings.Contains(text, "Endpoint: https://a.example → https://b.example") {
		t.Errorf("lines:\n%s\n%s", text, all)
	}
}

// TestUndoTakesBackRevertAndRowRemoval: ctrl+z after F10 (or alt+z) puts
// back the discarded edits, and after F4 the removed row; the newest
// change goes first, whether it is a field's edit or one of these.
func TestUndoTakesBackRevertAndRowRemoval(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = loadProfile(t, m, "prod-eu")
	m = press(t, m, keyEsc)
	m.form.FocusField(form.ClientKey)
	m = typeText(t, m, "-edited")
	m.form.FocusField(form.Network)
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	edited := m.formState()
	for _, revert := range []tea.KeyPressMsg{{Code: tea.KeyF10}, {Code: 'z', Mod: tea.ModAlt}} {
		m = press(t, m, revert)
		if m.dirty() {
			t.Fatalf("%s did not revert", revert)
		}
		if !strings.Contains(m.status, "ctrl+z takes it back") {
			t.Fatalf("the revert does not say how to undo it: %q", m.status)
		}
		m = press(t, m, keyUndo)
		if !m.formState().equal(edited) {
			t.Fatalf("ctrl+z after %s: %+v, want %+v", revert, m.formState(), edited)
		}
		if !strings.Contains(m.status, "undid the revert") || !strings.Contains(m.preview.Content(), "-edited") {
			t.Fatalf("status %q, or the preview did not follow", m.status)
		}
	}
	// The field's own steps come back with the revert's undo.
	m.form.FocusField(form.ClientKey)
	m = press(t, m, keyUndo)
	if strings.HasSuffix(m.form.Value(form.ClientKey), "-edited") {
		t.Fatalf("the typing was not undone after the revert's undo: %q", m.form.Value(form.ClientKey))
	}
	m = press(t, m, keyUndo)

	// F4 on a header row, then ctrl+z brings it back where it was.
	m.form.FocusField(form.UserAgent)
	m = press(t, m, keyTab, keyTab) // encoding, then the first extra-field row
	m = typeText(t, m, "a = 1")
	m = press(t, m, keyTab, keyTab) // the new empty field row, then the first header row
	m = typeText(t, m, "X-One: 1")
	m = press(t, m, keyTab)
	m = typeText(t, m, "X-Two: 2")
	before := m.formState()
	if len(before.req.Headers) != 2 || len(before.req.Fields) != 1 {
		t.Fatalf("set-up: %+v", before.req)
	}
	m = press(t, m, keyUndo) // the typing of "X-Two: 2"'s last word
	m = typeText(t, m, "2")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // X-One
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF4})
	if h := m.formState().req.Headers; len(h) != 1 || h[0].Name != "X-Two" {
		t.Fatalf("F4 removed the wrong row: %+v", h)
	}
	m = press(t, m, keyUndo)
	if !m.formState().equal(before) || m.form.Focused() != form.HeaderRow {
		t.Fatalf("ctrl+z after F4: %+v (focus %v)", m.formState().req.Headers, m.form.Focused())
	}
	if !strings.Contains(m.status, "undid removing the row") {
		t.Fatalf("status %q", m.status)
	}
}
