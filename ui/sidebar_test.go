package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/ui/form"
)

// sidebarScreens are the wide layouts: the profiles beside the form and
// the result.
var sidebarScreens = []struct {
	name  string
	build func(t *testing.T, m *Model) *Model
}{
	{"loaded", func(t *testing.T, m *Model) *Model {
		m = loadProfile(t, m, "demo")
		return update(m, tickMsg{seq: m.tickSeq, at: testNow.Add(time.Second)})
	}},
	{"token", func(t *testing.T, m *Model) *Model {
		m = loadProfile(t, m, "demo")
		m = update(m, keyCtrlS)
		// Recorded and listed again: the sidebar shows the new token.
		m, cmd := updateCmd(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
		m, _ = settle(t, m, cmd)
		return update(m, tickMsg{seq: m.tickSeq, at: testNow.Add(time.Second)})
	}},
	{"sidebar-focused", func(t *testing.T, m *Model) *Model {
		m = loadProfile(t, m, "prod-us")
		return press(t, m, keyCtrlP, keyDown)
	}},
	{"history-detail", func(t *testing.T, m *Model) *Model {
		m = loadProfile(t, m, "demo")
		m = press(t, m, keyCtrlP)
		m = typeText(t, m, "demo")
		m = press(t, m, keyCtrl('l'))
		m = update(m, historyLoadedMsg{name: "demo", entries: fixedHistory()})
		return press(t, m, keyDown, keyEnter)
	}},
}

// fixedHistory is a history of demo at fixed times.
func fixedHistory() []store.HistoryEntry {
	return []store.HistoryEntry{
		{Time: testNow.Add(-3 * time.Minute), Kind: store.KindIssue, Status: 200, Duration: 182 * time.Millisecond,
			RequestID: "req-7f3a", Endpoint: testURL + "/token"},
		{Time: testNow.Add(-time.Hour), Kind: store.KindIssue, Status: 401, Duration: 95 * time.Millisecond,
			RequestID: "req-0c1d", Endpoint: testURL + "/token", Error: "401 Unauthorized: invalid_client (unknown client key or wrong client secret)"},
	}
}

// TestGoldenSidebar renders the wide screens at 140x40 and 160x48, one
// plain-text golden per size for both themes. Regenerate with
// `go test ./ui -update`. The tests of this file
// run before the parallel ones (each opens a real store), so they do not
// add to the load the settle-timed flows run under.
func TestGoldenSidebar(t *testing.T) {
	for _, sc := range sidebarScreens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{140, 40}, {160, 48}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					out := requireLayout(t, size[1], func(t *testing.T, dark bool) string {
						return sc.build(t, storeModel(t, sampleStore(t), size[0], size[1], dark)).View().Content
					})
					for i, l := range strings.Split(out, "\n") {
						if w := ansi.StringWidth(l); w != size[0] {
							t.Errorf("line %d is %d wide, want %d", i, w, size[0])
						}
					}
				})
			}
		})
	}
}

// plain is the screen without styling.
func plain(m *Model) string { return ansi.Strip(m.View().Content) }

func TestSidebarFromWidth140(t *testing.T) {
	st := sampleStore(t)
	for _, w := range []int{120, 139} {
		m := loadProfile(t, storeModel(t, st, w, 40, true), "demo")
		m = update(m, profiles0())
		if strings.Contains(plain(m), "NAME · TOKEN · LAST CALL") {
			t.Fatalf("%d columns show the sidebar", w)
		}
	}
	m := loadProfile(t, storeModel(t, st, 140, 40, true), "demo")
	v := plain(m)
	for _, want := range []string{"NAME · TOKEN · LAST CALL", " ● demo", "valid 42m", "Request · demo", "staging"} {
		if !strings.Contains(v, want) {
			t.Fatalf("%q missing at 140x40:\n%s", want, v)
		}
	}
	if m.focus != focusForm {
		t.Fatalf("loading from the sidebar left the focus on %v", m.focus)
	}
	// ctrl+p focuses the sidebar; the form stays on screen; the pane's keys work there.
	m = press(t, m, keyCtrlP)
	if m.focus != focusProfiles || !strings.Contains(plain(m), "Request · demo") || !strings.Contains(plain(m), "› ") {
		t.Fatalf("ctrl+p at 140 columns: focus %v\n%s", m.focus, plain(m))
	}
	m = typeText(t, m, "stag")
	m = press(t, m, keyEnter)
	if m.profile != "staging" {
		t.Fatalf("enter in the sidebar loaded %q", m.profile)
	}
	// The history needs the room: it covers the body while it is open.
	m = press(t, m, keyCtrlP, keyCtrl('l'))
	if v := plain(m); strings.Contains(v, "Request · staging") || !strings.Contains(v, "History") {
		t.Fatalf("the history does not cover the body:\n%s", v)
	}
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if v := plain(m); !strings.Contains(v, "Request · staging") {
		t.Fatalf("esc from the history did not bring the sidebar back:\n%s", v)
	}
}

// profiles0 is a message that changes nothing (an unrouted one).
func profiles0() tea.Msg { return struct{}{} }

func TestSidebarShowsTheNewCall(t *testing.T) {
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 160, 48, true), "staging")
	lines := strings.Split(plain(m), "\n")
	if y := rowOf(m, " ● staging"); y < 0 || !strings.Contains(lines[y+1], "no token · no calls") {
		t.Fatalf("staging before the call:\n%s", plain(m))
	}
	m = update(m, keyCtrlS)
	var cmd tea.Cmd
	m, cmd = updateCmd(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	m, _ = settle(t, m, cmd)
	lines = strings.Split(plain(m), "\n")
	if y := rowOf(m, " ● staging"); y < 0 || !strings.Contains(lines[y+1], "valid") || !strings.Contains(lines[y+1], "✓ 200") {
		t.Fatalf("the sidebar does not show staging's new call:\n%s", plain(m))
	}
}

// at is a left click at (x, y).
func at(x, y int) tea.MouseClickMsg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }

// wheel is a wheel notch at (x, y), down or up.
func wheel(x, y int, down bool) tea.MouseWheelMsg {
	b := tea.MouseWheelUp
	if down {
		b = tea.MouseWheelDown
	}
	return tea.MouseWheelMsg{X: x, Y: y, Button: b}
}

// rowOf is the screen line whose text contains s (the first), or -1.
func rowOf(m *Model, s string) int {
	for i, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

func TestMouseClickFocusesField(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {160, 48}} {
		st := sampleStore(t)
		m := loadProfile(t, storeModel(t, st, size[0], size[1], true), "demo")
		s := m.screen()
		y := rowOf(m, "Client secret")
		if y < 0 {
			t.Fatalf("%v: no client secret row", size)
		}
		m = update(m, at(s.form.x+5, y))
		if m.focus != focusForm || m.form.Focused() != form.ClientSecret {
			t.Fatalf("%v: click on the client secret row focused %v / field %v", size, m.focus, m.form.Focused())
		}
		// The border is no field.
		m = update(m, at(s.form.x, s.form.y))
		if m.form.Focused() != form.ClientSecret {
			t.Fatalf("%v: a click on the border moved the focus", size)
		}
	}
}

func TestMouseClickFocusesResult(t *testing.T) {
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	m = update(m, keyRune('o')) // nothing: a letter in the form
	m.focus = focusForm
	m = update(m, at(m.screen().form.x+3, m.screen().form.y+3))
	if m.focus != focusForm {
		t.Fatalf("focus %v", m.focus)
	}
	m.sending = true // the result is on the right while sending
	r := m.screen().right
	m = update(m, at(r.x+10, r.y+5))
	if m.focus != focusResult {
		t.Fatalf("a click on the result focused %v", m.focus)
	}
}

func TestMouseClickSidebarSelectsThenLoads(t *testing.T) {
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 160, 48, true), "demo")
	y := rowOf(m, "prod-us")
	m = update(m, at(5, y))
	if p, _ := m.profiles.Selected(); m.focus != focusProfiles || p.Name != "prod-us" || m.profile != "demo" {
		t.Fatalf("first click: focus %v, selected %q, loaded %q", m.focus, p.Name, m.profile)
	}
	var cmd tea.Cmd
	m, cmd = updateCmd(m, at(5, y+1)) // the row's second line
	m, _ = settle(t, m, cmd)
	if m.profile != "prod-us" {
		t.Fatalf("second click loaded %q", m.profile)
	}
}

func TestMouseClickFullPaneRow(t *testing.T) {
	st := sampleStore(t)
	m := press(t, storeModel(t, st, 120, 40, true), keyCtrlP)
	y := rowOf(m, "staging")
	m = update(m, at(10, y))
	var cmd tea.Cmd
	m, cmd = updateCmd(m, at(10, y))
	m, _ = settle(t, m, cmd)
	if m.profile != "staging" {
		t.Fatalf("two clicks on the staging row loaded %q", m.profile)
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	// The preview (at 80x24 it does not fit).
	m := newTestModel(t, testDeps(&recorder{}), 80, 24, true)
	r := m.screen().right
	before := plain(m)
	m = update(m, wheel(r.x+5, r.y+3, true))
	if plain(m) == before {
		t.Fatal("the wheel did not scroll the preview")
	}
	// The result.
	m = update(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	if m.focus != focusResult {
		m = update(m, keyCtrl('o'))
	}
	if m.focus != focusResult {
		t.Fatal("ctrl+o did not focus the result")
	}
	r = m.screen().right // the result's share of the stacked split is larger
	first, _, _, all := m.result.Position()
	if all {
		t.Fatal("the result fits: nothing to scroll")
	}
	m = update(m, wheel(r.x+5, r.y+5, true))
	if f, _, _, _ := m.result.Position(); f != first+wheelStep {
		t.Fatalf("wheel down: first line %d, want %d", f, first+wheelStep)
	}
	m = update(m, wheel(r.x+5, r.y+5, false))
	if f, _, _, _ := m.result.Position(); f != first {
		t.Fatalf("wheel up: first line %d, want %d", f, first)
	}
	// The key overlay (60x20 is too small to show it all).
	m = newTestModel(t, testDeps(&recorder{}), 60, 20, true)
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF1})
	m = update(m, wheel(10, 10, true))
	if m.helpOffset != wheelStep {
		t.Fatalf("wheel in the help: offset %d, want %d", m.helpOffset, wheelStep)
	}
}

func TestMouseWheelScrollsSidebar(t *testing.T) {
	st := sampleStore(t)
	for i := range 40 {
		st.put(t, store.Profile{Name: fmt.Sprintf("extra-%02d", i), Endpoint: testURL, ClientKey: testKey, DeviceID: testDeviceID},
			store.Secrets{})
	}
	m := storeModel(t, st, 160, 48, true)
	if rowOf(m, "extra-00") < 0 || rowOf(m, "staging") >= 0 {
		t.Fatalf("unexpected first screen:\n%s", plain(m))
	}
	m = update(m, wheel(3, 20, true))
	if rowOf(m, "extra-00") >= 0 || m.focus != focusForm {
		t.Fatalf("the wheel did not scroll the sidebar (or moved the focus: %v):\n%s", m.focus, plain(m))
	}
}

func TestViewAsksForMouseReports(t *testing.T) {
	m := newTestModel(t, testDeps(&recorder{}), 80, 24, true)
	if mm := m.View().MouseMode; mm != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode %v, want cell motion", mm)
	}
}
