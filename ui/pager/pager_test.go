package pager

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
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

func TestSearchCountsMovesAndHighlights(t *testing.T) {
	t.Parallel()
	var m Model
	m.SetSize(20, 3)
	m.SetContent("alpha\nbeta exp\ngamma\ndelta\nEXP here\nzeta\nexp exp")
	if n := m.Search("exp"); n != 4 {
		t.Fatalf("matches %d, want 4", n)
	}
	if n, cur := m.Matches(); n != 4 || cur != 1 {
		t.Fatalf("matches %d current %d", n, cur)
	}
	if !strings.Contains(m.View(), "\x1b[") {
		t.Fatalf("no highlight in %q", m.View())
	}
	m.NextMatch() // EXP here, line 5: off screen, so the view moves
	if _, cur := m.Matches(); cur != 2 {
		t.Fatalf("current %d after n", cur)
	}
	if first, _, _, _ := m.Position(); first > 5 || !strings.Contains(m.View(), "here") {
		t.Fatalf("the view did not follow the match: %q", m.View())
	}
	m.NextMatch()
	m.NextMatch()
	m.NextMatch() // wraps to the first
	if _, cur := m.Matches(); cur != 1 {
		t.Fatalf("n did not wrap: %d", cur)
	}
	m.PrevMatch() // wraps to the last
	if _, cur := m.Matches(); cur != 4 {
		t.Fatalf("N did not wrap: %d", cur)
	}
	if got := m.Indicator(); !strings.Contains(got, "“exp” 4/4") || !strings.Contains(got, "of 7") {
		t.Fatalf("indicator %q", got)
	}
	// A new content (a re-render) keeps the search.
	m.SetContent("exp\nnone")
	if n, _ := m.Matches(); n != 1 {
		t.Fatalf("after new content %d matches", n)
	}
	if m.Search("nothing") != 0 || !strings.Contains(m.Indicator(), "no match") {
		t.Fatalf("no-match indicator %q", m.Indicator())
	}
	m.Search("")
	if m.Indicator() != "" || strings.Contains(m.View(), "\x1b[7") {
		t.Fatalf("cleared search still shows: %q %q", m.Indicator(), m.View())
	}
}

func TestHighlightKeepsTheLineWidth(t *testing.T) {
	t.Parallel()
	var m Model
	m.SetSize(30, 2)
	m.SetContent("\x1b[1m\"exp\": 1700000000\x1b[m")
	m.Search("1700")
	if got := ansi.Strip(m.View()); got != "\"exp\": 1700000000" {
		t.Fatalf("highlight changed the text: %q", got)
	}
}
