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

func TestWrappedLinesKeepTheirIndentation(t *testing.T) {
	t.Parallel()
	for _, hard := range []bool{false, true} {
		m := Model{Hard: hard}
		m.SetSize(24, 20)
		m.SetContent("{\n    \"clientKey\": \"authdeck-demo-client-key-0000001\"\n}")
		lines := strings.Split(m.View(), "\n")
		if len(lines) < 4 {
			t.Fatalf("hard=%v: not wrapped: %q", hard, lines)
		}
		for _, l := range lines[2 : len(lines)-1] {
			if !strings.HasPrefix(l, "    ") || len(l) > 24 {
				t.Fatalf("hard=%v: continuation %q lost the indentation (all: %q)", hard, l, lines)
			}
		}
	}
}

func TestGotoBottomAndShowLine(t *testing.T) {
	t.Parallel()
	var m Model
	m.SetSize(10, 3)
	m.SetContent("a\nb\nc\nd\ne\nf")
	m.GotoBottom()
	if m.View() != "d\ne\nf" {
		t.Fatalf("bottom %q", m.View())
	}
	m.ShowLine(1)
	if m.View() != "b\nc\nd" {
		t.Fatalf("line 1 first %q", m.View())
	}
	m.ShowLine(5) // as close as the end allows
	if m.View() != "d\ne\nf" {
		t.Fatalf("line 5 %q", m.View())
	}
}
