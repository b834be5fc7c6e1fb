package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestSaveKeyWorksFromTheForm: ctrl+w saves over the loaded profile from
// the form, with no trip through the pane.
func TestSaveKeyWorksFromTheForm(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "prod-eu")
	m = press(t, m, keyEnter)
	if m.profile != "prod-eu" {
		t.Fatalf("loaded %q", m.profile)
	}
	m = update(m, keyTab)
	m = typeText(t, m, "-x")
	if !m.dirty() {
		t.Fatal("the edit did not make the form dirty")
	}
	m = press(t, m, keySave, keyEnter) // the diff question: save
	if m.focus != focusForm || m.dirty() {
		t.Fatalf("ctrl+w did not save in place: focus %v dirty %v status %q", m.focus, m.dirty(), m.status)
	}
}

// TestSaveKeyOnANewFormAsksForAName: on an unsaved form ctrl+w opens the
// "save as" prompt.
func TestSaveKeyOnANewFormAsksForAName(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = press(t, m, keySave)
	if m.focus != focusProfiles || !m.profiles.Busy() {
		t.Fatalf("ctrl+w on a new form: focus %v busy %v", m.focus, m.profiles.Busy())
	}
	m = typeText(t, m, "fresh")
	m = press(t, m, keyEnter)
	if m.profile != "fresh" {
		t.Fatalf("saved as %q", m.profile)
	}
}

// TestKeysMeanTheSameInThePane: in the profiles pane these five keys do
// what they do in the form, or nothing.
func TestKeysMeanTheSameInThePane(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	count := func() int { ps, _ := st.List(); return len(ps) }
	n := count()
	m = press(t, m, keyCtrlP, keyCtrl('d'), keyCtrl('x'))
	if m.profiles.Busy() || count() != n {
		t.Fatalf("ctrl+d / ctrl+x acted on a profile in the pane (busy %v, %d profiles)", m.profiles.Busy(), count())
	}
	m = press(t, m, keyCtrl('r'))
	if !strings.Contains(m.status, "no refresh token") {
		t.Fatalf("ctrl+r in the pane is not refresh: %q", m.status)
	}
	m = press(t, m, keyCtrl('o'))
	if m.focus != focusResult {
		t.Fatalf("ctrl+o in the pane did not show the result: %v", m.focus)
	}
	m = press(t, m, keyCtrlP)
	m, _ = updateCmd(m, keyCtrlS)
	if !m.sending {
		t.Fatalf("ctrl+s in the pane did not send: %q", m.status)
	}
	// A name prompt keeps every key for itself.
	m = storeModel(t, st, 120, 40, true)
	m = press(t, m, keyCtrlP, keySaveAs, keyCtrl('o'))
	if m.focus != focusProfiles || !m.profiles.Busy() {
		t.Fatal("ctrl+o left the name prompt")
	}
}

// TestSearchInTheResultAndThePreview: / (ctrl+f from a text field) opens
// the search, matches are counted, n/N move, esc clears, then goes back.
func TestSearchInTheResultAndThePreview(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{respond: respondOK}), 80, 24, true)
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil {
		t.Fatalf("no token: %s", content(m))
	}
	m = press(t, m, keyRune('/'))
	m = typeText(t, m, "exp")
	if !m.searching || !strings.Contains(ansi.Strip(content(m)), "/exp▏ 1 of") {
		t.Fatalf("no search prompt with a count:\n%s", content(m))
	}
	m = press(t, m, keyEnter)
	n, _ := m.result.Matches()
	if m.searching || n < 2 {
		t.Fatalf("searching %v, %d matches", m.searching, n)
	}
	m = press(t, m, keyRune('n'))
	if _, cur := m.result.Matches(); cur != 2 {
		t.Fatalf("n went to match %d", cur)
	}
	m = press(t, m, keyRune('N'), keyRune('N'))
	if _, cur := m.result.Matches(); cur != n {
		t.Fatalf("N did not wrap to the last match: %d of %d", cur, n)
	}
	if !strings.Contains(ansi.Strip(content(m)), "“exp” ") {
		t.Fatalf("the pane title does not show the search:\n%s", content(m))
	}
	m = press(t, m, keyEsc)
	if m.result.Query() != "" || m.focus != focusResult {
		t.Fatal("esc did not clear the search first")
	}
	m = press(t, m, keyEsc)
	if m.focus != focusForm {
		t.Fatal("the second esc did not go back to the form")
	}
	// The preview, from a text field: ctrl+f ("/" types there).
	m = press(t, m, keyRune('/'))
	if m.searching {
		t.Fatal("/ in a text field opened the search")
	}
	m = press(t, m, keyCtrl('f'))
	m = typeText(t, m, "deviceinfo")
	m = press(t, m, keyEnter)
	if n, _ := m.preview.Matches(); m.focus != focusPreview || n == 0 {
		t.Fatalf("preview search: focus %v, %d matches", m.focus, n)
	}
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyEnd})
	if first, _, total, all := m.preview.Position(); !all && first == 1 {
		t.Fatalf("end did not scroll the preview (%d of %d)", first, total)
	}
	m = press(t, m, keyEsc, keyEsc)
	if m.focus != focusForm {
		t.Fatal("esc did not leave the preview")
	}
}
