package ui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/form"
)

// keyWord finds the key names a status can hold that are not also words
// ("ctrl+s", "alt+r", "F12", "esc", "enter").
var keyWord = regexp.MustCompile(`\b(?:ctrl|alt|shift)\+[a-z0-9]+|\bF[0-9]{1,2}\b|\besc\b|\benter\b`)

// checkHint asserts that the status names only keys that work where they
// are pressed: each key setHint recorded is bound in its focus (as
// handleKey routes keys), and every key name in the text is one of those
// or, for the form's own notices, a key of the focus.
func checkHint(t *testing.T, m *Model, what string) {
	t.Helper()
	if m.status == "" {
		t.Fatalf("%s: no status", what)
	}
	names := map[string]bool{}
	for _, s := range m.statusSteps {
		if !m.works(s.b, s.focus) {
			t.Errorf("%s: %q names %s (%s), which does not do that in focus %d", what, m.status, s.b.Help().Key, s.b.Help().Desc, s.focus)
		}
		names[s.b.Help().Key] = true
	}
	for _, w := range keyWord.FindAllString(m.status, -1) {
		if names[w] {
			continue
		}
		ok := false
		for _, b := range m.focusKeys(m.focus) {
			for _, k := range b.Keys() {
				ok = ok || strings.EqualFold(k, w)
			}
		}
		if !ok {
			t.Errorf("%s: %q names %s, which does nothing in focus %d", what, m.status, w, m.focus)
		}
	}
}

// TestEveryStatusHintNamesAKeyThatWorksThere drives the console into each
// status that names a key and checks the key against the key map of the
// focus the status is shown in.
func TestEveryStatusHintNamesAKeyThatWorksThere(t *testing.T) {
	t.Parallel()
	checked := 0
	check := func(m *Model, what string) {
		t.Helper()
		checkHint(t, m, what)
		checked++
	}
	fresh := func() *Model { return newTestModel(t, testDeps(&recorder{respond: respondOK}), 120, 40, true) }

	// A new profile from the pane: the form has the focus, F12 saves it.
	m := storeModel(t, sampleStore(t), 120, 40, true)
	m = press(t, m, keyCtrlP, keyCtrl('n'))
	check(m, "ctrl+n")
	if !strings.Contains(m.status, "F12 saves it") {
		t.Fatalf("ctrl+n: %q", m.status)
	}

	// Nothing sent yet: every result key that needs a token.
	m = fresh()
	m = press(t, m, keyCtrl('o'))
	for _, r := range "cadtp" {
		m = press(t, m, keyRune(r))
		check(m, "result "+string(r)+" without a token")
	}
	m = press(t, m, keyCtrl('r'))
	check(m, "ctrl+r without a refresh token")
	m = press(t, m, tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt})
	check(m, "alt+r without a refresh token")

	// After a token: the curl copy (ctrl+x works here and changes what u
	// copies), the preview toggle from both places, the claims diff.
	m = fresh()
	m = press(t, m, keyCtrlS)
	if m.focus != focusResult || m.result.Token() == nil {
		t.Fatal("no token in the result view")
	}
	m = press(t, m, keyRune('u'))
	check(m, "u")
	if !strings.Contains(m.status, "secret redacted (ctrl+x then u includes it)") {
		t.Fatalf("u: %q", m.status)
	}
	m = press(t, m, keyCtrl('x'))
	if !m.form.Revealed() {
		t.Fatal("ctrl+x in the result view did not reveal the secret for u")
	}
	m = press(t, m, keyCtrl('x'))
	m = press(t, m, keyRune('d'))
	check(m, "d with one token")
	m = press(t, m, tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt})
	check(m, "alt+r in the result view")
	m = press(t, m, keyEsc, tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt})
	check(m, "alt+r in the form")

	// A request in flight: a second send, from the form and the pane.
	m = newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m, _ = updateCmd(m, keyCtrlS)
	m, _ = updateCmd(m, keyCtrl('o')) // back to the form, still sending
	if !m.sending {
		t.Fatal("not sending")
	}
	m, _ = updateCmd(m, keyCtrlS)
	check(m, "ctrl+s while sending, form")
	m.focus = focusProfiles
	m, _ = updateCmd(m, keyCtrlS)
	check(m, "ctrl+s while sending, pane")

	// The form: a preset, a revert, the form's own notices.
	m = storeModel(t, sampleStore(t), 120, 40, true)
	m = loadProfile(t, m, "prod-eu")
	m = press(t, m, keyEsc)
	m.form.FocusField(form.DeviceModel)
	m = press(t, m, keyCtrl('t'))
	check(m, "ctrl+t")
	m.form.FocusField(form.ClientKey)
	m = typeText(t, m, "x")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF10})
	check(m, "F10")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF4})
	check(m, "F4 outside the lists")
	m.form.FocusField(form.UID)
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF6})
	check(m, "F6 without a UID")
	if checked != 18 {
		t.Fatalf("checked %d statuses, want 18", checked)
	}
}
