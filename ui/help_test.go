package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/form"
)

// helpPlaces puts the console where each help bar differs.
var helpPlaces = []struct {
	name  string
	build func(t *testing.T, m *Model) *Model
}{
	{"form-text", func(t *testing.T, m *Model) *Model { return m }},
	{"form-network", func(t *testing.T, m *Model) *Model {
		for m.form.Focused() != form.Network && !m.form.IsLast() {
			m = update(m, keyTab)
		}
		return m
	}},
	{"result-token", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		return update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	}},
	{"sending", func(t *testing.T, m *Model) *Model { return update(m, keyCtrlS) }},
	{"pane", func(t *testing.T, m *Model) *Model { return update(m, keyCtrlP) }},
}

// TestHelpBarKeepsF1AndQuit checks every place at 60, 80 and 120 columns:
// the help and quit keys are always on the bar, '?' is never advertised
// there (it types in text fields), and the bar is one line.
func TestHelpBarKeepsF1AndQuit(t *testing.T) {
	t.Parallel()
	for _, p := range helpPlaces {
		for _, w := range []int{60, 80, 120} {
			m := p.build(t, newTestModel(t, testDeps(&recorder{}), w, 24, true))
			bar := ansi.Strip(m.helpBar())
			if !strings.Contains(bar, "F1 all keys") || !strings.Contains(bar, "ctrl+c quit") {
				t.Errorf("%s at %d: F1 or quit missing: %q", p.name, w, bar)
			}
			if strings.Contains(bar, "?") || strings.HasSuffix(strings.TrimRight(bar, " "), "…") {
				t.Errorf("%s at %d: '?' advertised or a key cut: %q", p.name, w, bar)
			}
			if ansi.StringWidth(bar) != w {
				t.Errorf("%s at %d: bar is %d wide", p.name, w, ansi.StringWidth(bar))
			}
		}
	}
}

// overlayText opens F1 and scrolls it to the end, returning every line seen.
func overlayText(t *testing.T, m *Model) string {
	t.Helper()
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF1})
	if !m.showHelp {
		t.Fatal("F1 does not open the keys")
	}
	var seen strings.Builder
	for range 100 {
		seen.WriteString(ansi.Strip(content(m)) + "\n")
		if strings.Contains(content(m), "end · ") || !strings.Contains(content(m), "lines ") {
			return seen.String()
		}
		m = update(m, keyRune('j'))
	}
	t.Fatal("the key overlay never reaches its end")
	return ""
}

// bindings lists every binding in a key map struct, nested ones included.
func bindings(v reflect.Value, path string, out map[string]key.Binding) {
	for i := range v.NumField() {
		f, name := v.Field(i), path+v.Type().Field(i).Name
		switch b := f.Interface().(type) {
		case key.Binding:
			if b.Help().Key != "" {
				out[name] = b
			}
		default:
			if f.Kind() == reflect.Struct {
				bindings(f, name+".", out)
			}
		}
	}
}

// TestKeyOverlayIsCompleteAt60x20 scrolls the F1 overlay at the smallest
// size and finds every binding of the key map in it, under its place.
func TestKeyOverlayIsCompleteAt60x20(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 60, 20, true)
	text := overlayText(t, m)
	all := map[string]key.Binding{}
	bindings(reflect.ValueOf(m.keys), "", all)
	for name, b := range all {
		if name == "Pane.Confirm.Next" { // shown with Prev as "←/→ choose"
			continue
		}
		if !strings.Contains(text, b.Help().Key+" ") {
			t.Errorf("%s (%s) is not in the overlay", name, b.Help().Key)
		}
	}
	for _, want := range []string{"Everywhere", "Form", "Result", "Profiles pane", "Questions", "ctrl+y", "ctrl+c", "↓/j", "↑/k", "c ", "a ", "u "} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q", want)
		}
	}
}

// TestKeyOverlayScrolls checks the overlay's scroll keys and its bounds.
func TestKeyOverlayScrolls(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 60, 20, true)
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF1})
	if !strings.Contains(content(m), "lines 1–") {
		t.Fatalf("no position line at 60x20:\n%s", content(m))
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyEnd})
	end := m.helpOffset
	if end == 0 || !strings.Contains(content(m), "end · ") {
		t.Fatalf("end does not reach the end:\n%s", content(m))
	}
	if m = update(m, keyRune('j')); m.helpOffset != end {
		t.Fatal("scrolled past the end")
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyPgUp})
	if m.helpOffset >= end {
		t.Fatal("pgup did not scroll up")
	}
	if m = update(m, keyRune('g')); m.helpOffset != 0 {
		t.Fatal("g does not go to the top")
	}
	if m = update(m, keyRune('q')); m.showHelp {
		t.Fatal("q does not close the overlay")
	}
	// '?' opens the overlay outside text fields only.
	if m = update(m, keyRune('?')); m.showHelp {
		t.Fatal("'?' in a text field opened the overlay")
	}
}

// TestGoldenHelp renders the help bars and the key overlay (top and end)
// at 60x20 and 80x24, one plain-text golden per size for both themes.
func TestGoldenHelp(t *testing.T) {
	t.Parallel()
	type screen struct {
		name  string
		build func(t *testing.T, m *Model) *Model
	}
	screens := []screen{
		{"overlay-top", func(t *testing.T, m *Model) *Model { return update(m, tea.KeyPressMsg{Code: tea.KeyF1}) }},
		{"overlay-end", func(t *testing.T, m *Model) *Model {
			m = update(m, tea.KeyPressMsg{Code: tea.KeyF1})
			return update(m, tea.KeyPressMsg{Code: tea.KeyEnd})
		}},
	}
	for _, p := range helpPlaces {
		screens = append(screens, screen{"bar-" + p.name, p.build})
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{60, 20}, {80, 24}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				requireLayout(t, size[1], func(t *testing.T, dark bool) string {
					return content(sc.build(t, newTestModel(t, testDeps(&recorder{}), size[0], size[1], dark)))
				})
			})
		}
	}
}
