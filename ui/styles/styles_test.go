package styles

import (
	"strings"
	"testing"
)

func TestNoColorHasNoColourSequences(t *testing.T) {
	s := NewWith(true, true)
	for name, out := range map[string]string{
		"error": s.Error.Render("x"), "badge": s.Badge.Render("DEMO"), "muted": s.Muted.Render("m"),
		"title": s.Title.Render("t"), "selected": s.Selected.Render("wifi"),
	} {
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("%s: NO_COLOR output has a colour sequence: %q", name, out)
		}
	}
	c := NewWith(true, false)
	if !strings.Contains(c.Error.Render("x"), "38;") {
		t.Errorf("colour styles render no colour: %q", c.Error.Render("x"))
	}
}

func TestNewHonoursNoColorEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if !New(false).NoColor {
		t.Error("NO_COLOR=1 not honoured")
	}
	t.Setenv("NO_COLOR", "")
	if New(false).NoColor {
		t.Error("empty NO_COLOR must not disable colour")
	}
}

func TestLightAndDarkDiffer(t *testing.T) {
	if NewWith(true, false).Title.Render("a") == NewWith(false, false).Title.Render("a") {
		t.Error("light and dark titles render the same")
	}
}

func TestRenderLinesStylesEachLine(t *testing.T) {
	out := RenderLines(NewWith(true, false).Code, "a\n\nbbb")
	lines := strings.Split(out, "\n")
	if len(lines) != 3 || lines[1] != "" {
		t.Fatalf("got %q", out)
	}
}
