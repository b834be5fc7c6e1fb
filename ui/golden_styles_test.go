package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/goldentest"
)

// stylePieces are the parts of the screen whose styles the colour goldens
// pin: the lines of an 80x24 screen (screens[i] by name) whose text holds
// each of the given strings, escape codes kept.
var stylePieces = []struct {
	name, screen string
	lines        []string
}{
	{"header", "demo-filled", []string{"authdeck · new profile"}},
	{"badge", "demo-filled", []string{" DEMO "}},
	{"field-focused", "demo-filled", []string{"▸ Endpoint"}},
	{"field-blurred", "demo-filled", []string{"Client key"}},
	{"error", "invalid", []string{"✗ is required: enter the client key", "✗ 5 fields need fixing"}},
}

// TestGoldenStyles pins the styles in both themes: the header, the demo
// badge, a focused and a blurred field, a field's error and the error in
// the status line. These are the only goldens with escape codes, so a
// change of colour moves these and no layout golden.
func TestGoldenStyles(t *testing.T) {
	t.Parallel()
	for _, p := range stylePieces {
		for _, dark := range []bool{false, true} {
			theme := map[bool]string{false: "light", true: "dark"}[dark]
			t.Run(p.name+"/"+theme, func(t *testing.T) {
				t.Parallel()
				screen := screenNamed(t, p.screen).build(t, newTestModel(t, testDeps(&recorder{}), 80, 24, dark)).View().Content
				var picked []string
				for _, want := range p.lines {
					picked = append(picked, lineHolding(t, screen, want))
				}
				goldentest.Styled(t, strings.Join(picked, "\n"))
			})
		}
	}
}

// screenNamed is the entry of screens called name.
func screenNamed(t *testing.T, name string) goldenScreen {
	t.Helper()
	for _, sc := range screens {
		if sc.name == name {
			return sc
		}
	}
	t.Fatalf("no screen %q", name)
	return screens[0]
}

// lineHolding is the first line of screen, escape codes kept, whose text
// holds want.
func lineHolding(t *testing.T, screen, want string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(ansi.Strip(l), want) {
			return l
		}
	}
	t.Fatalf("no line holds %q:\n%s", want, ansi.Strip(screen))
	return ""
}
