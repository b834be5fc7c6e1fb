package pager

import (
	"strings"
	"testing"
)

func TestWrapAndScroll(t *testing.T) {
	t.Parallel()
	var m Model
	m.SetSize(4, 2)
	m.SetContent("abcdefghij\nxy")
	if m.LineCount() != 4 {
		t.Fatalf("lines %d", m.LineCount())
	}
	if m.View() != "abcd\nefgh" {
		t.Fatalf("view %q", m.View())
	}
	m.PageDown()
	if m.View() != "efgh\nij" {
		t.Fatalf("after page down %q", m.View())
	}
	m.ScrollDown(10)
	if m.View() != "ij\nxy" {
		t.Fatalf("clamped %q", m.View())
	}
	m.ScrollUp(10)
	if !strings.HasPrefix(m.View(), "abcd") {
		t.Fatalf("top %q", m.View())
	}
	m.SetSize(0, 0)
	if m.View() != "" {
		t.Fatal("zero size should render nothing")
	}
}
