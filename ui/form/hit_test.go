package form

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/styles"
)

// TestFieldAtMatchesView finds each field's row in the rendered form (the
// focused row starts with ▸) and checks FieldAt names it, on a tall form
// and on one short enough to scroll.
func TestFieldAtMatchesView(t *testing.T) {
	t.Parallel()
	for _, h := range []int{60, 8} {
		m := New(styles.NewWith(true, false))
		m.SetSize(70, h)
		for f := Field(0); f < fieldCount; f++ {
			m.FocusField(f)
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			row := -1
			for i, l := range lines {
				if strings.HasPrefix(l, "▸") {
					row = i
				}
			}
			if row < 0 {
				t.Fatalf("height %d: field %v has no focused row on screen", h, f)
			}
			if got, ok := m.FieldAt(row); !ok || got != f {
				t.Errorf("height %d: FieldAt(%d) = %v, %v; want %v", h, row, got, ok, f)
			}
		}
	}
	m := New(styles.NewWith(true, false))
	m.SetSize(70, 60)
	if _, ok := m.FieldAt(59); ok {
		t.Error("the empty space below the form is a field")
	}
	if _, ok := m.FieldAt(-1); ok {
		t.Error("line -1 is a field")
	}
}
