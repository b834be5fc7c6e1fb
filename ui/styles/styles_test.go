package styles

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestNoColorHasNoColourSequences(t *testing.T) {
	t.Parallel()
	s := New(true, true)
	for name, out := range map[string]string{
		"error": s.Error.Render("x"), "badge": s.Badge.Render("DEMO"), "muted": s.Muted.Render("m"),
		"title": s.Title.Render("t"), "selected": s.Selected.Render("wifi"),
	} {
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("%s: NO_COLOR output has a colour sequence: %q", name, out)
		}
	}
	c := New(true, false)
	if !strings.Contains(c.Error.Render("x"), "38;") {
		t.Errorf("colour styles render no colour: %q", c.Error.Render("x"))
	}
}

func TestLightAndDarkDiffer(t *testing.T) {
	t.Parallel()
	if New(true, false).Title.Render("a") == New(false, false).Title.Render("a") {
		t.Error("light and dark titles render the same")
	}
}

func TestRenderLinesStylesEachLine(t *testing.T) {
	t.Parallel()
	out := RenderLines(New(true, false).Code, "a\n\nbbb")
	lines := strings.Split(out, "\n")
	if len(lines) != 3 || lines[1] != "" {
		t.Fatalf("got %q", out)
	}
}

func TestInkMatchesRender(t *testing.T) {
	t.Parallel()
	for _, dark := range []bool{false, true} {
		s := New(dark, false)
		for _, st := range []lipgloss.Style{s.Code, s.Error, s.Muted, s.Title, s.Detected} {
			if got, want := InkOf(st).Paint("hello"), st.Render("hello"); got != want {
				t.Errorf("ink %q, render %q", got, want)
			}
		}
	}
	if InkOf(New(true, true).Code).Paint("x") != "x" {
		t.Error("a plain style should paint nothing")
	}
}
