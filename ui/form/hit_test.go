package form

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/styles"
)

// TestRowAtLineMatchesView finds each row in the rendered form (the
// focused row starts with ▸) and checks rowAtLine names it, on a tall form
// and on one short enough to scroll, with extra field and header rows.
func TestRowAtLineMatchesView(t *testing.T) {
	t.Parallel()
	for _, h := range []int{60, 8} {
		m := New(styles.New(true, false))
		m.SetSize(70, h)
		for pos := range m.total() {
			m.focusPos(pos)
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			row := -1
			for i, l := range lines {
				if strings.HasPrefix(l, "▸") {
					row = i
				}
			}
			if row < 0 {
				t.Fatalf("height %d: row %d has no focused line on screen", h, pos)
			}
			if got, ok := m.rowAtLine(row); !ok || got != pos {
				t.Errorf("height %d: rowAtLine(%d) = %d, %v; want %d", h, row, got, ok, pos)
			}
		}
	}
	m := New(styles.New(true, false))
	m.SetSize(70, 60)
	if _, ok := m.rowAtLine(59); ok {
		t.Error("the empty space below the form is a row")
	}
	if _, ok := m.rowAtLine(-1); ok {
		t.Error("line -1 is a row")
	}
	if _, ok := m.FocusLine(59); ok {
		t.Error("a click below the form focused a row")
	}
}
