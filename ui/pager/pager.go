// Package pager is a small scrollable text view for the preview and result
// panes. Unlike bubbles' viewport it wraps content once, when the content or
// the width changes, so rendering a frame is only slicing lines.
package pager

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Model is a scrollable, soft-wrapped block of styled text.
type Model struct {
	// Hard breaks long lines at the width exactly (code, base64, HTTP);
	// otherwise lines wrap at spaces where they can.
	Hard    bool
	content string
	lines   []string // content wrapped to width
	starts  []int    // starts[i] is the wrapped line content line i begins at
	width   int
	height  int
	offset  int

	// The search (search.go): the query, its matches over the wrapped
	// lines, the current one, and how they are drawn.
	query                    string
	matches                  []match
	current                  int
	matchStyle, currentStyle lipgloss.Style
	styled                   bool
}

// SetSize sets the visible area; content is re-wrapped when the width changes.
func (m *Model) SetSize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	rewrap := w != m.width
	m.width, m.height = w, h
	if rewrap {
		m.wrap()
	}
	m.clamp()
}

// SetContent replaces the text, keeping the scroll position where possible.
func (m *Model) SetContent(s string) {
	if s == m.content && m.lines != nil {
		return
	}
	m.content = s
	m.wrap()
	m.clamp()
}

// Width is the width content wraps at.
func (m *Model) Width() int { return m.width }

// Content is the text as set, before wrapping.
func (m *Model) Content() string { return m.content }

// LineCount is the number of wrapped lines.
func (m *Model) LineCount() int { return len(m.lines) }

// Offset is the first visible wrapped line.
func (m *Model) Offset() int { return m.offset }

// ScrollDown moves the view n lines down.
func (m *Model) ScrollDown(n int) { m.offset += n; m.clamp() }

// ScrollUp moves the view n lines up.
func (m *Model) ScrollUp(n int) { m.offset -= n; m.clamp() }

// PageDown moves the view a page down.
func (m *Model) PageDown() { m.ScrollDown(max(m.height-1, 1)) }

// PageUp moves the view a page up.
func (m *Model) PageUp() { m.ScrollUp(max(m.height-1, 1)) }

// GotoTop shows the first line.
func (m *Model) GotoTop() { m.offset = 0 }

// GotoBottom shows the last line.
func (m *Model) GotoBottom() { m.offset = len(m.lines); m.clamp() }

// ShowLine scrolls so that content line i (a line of the text as set,
// before wrapping) is the first visible one, or as close as the end
// allows.
func (m *Model) ShowLine(i int) {
	if i < 0 || i >= len(m.starts) {
		return
	}
	m.offset = m.starts[i]
	m.clamp()
}

// Height is the number of visible lines.
func (m *Model) Height() int { return m.height }

// View renders the visible lines (at most height; not padded).
func (m *Model) View() string {
	if m.height == 0 || m.width == 0 {
		return ""
	}
	end := min(m.offset+m.height, len(m.lines))
	if m.query == "" {
		return strings.Join(m.lines[m.offset:end], "\n")
	}
	out := make([]string, 0, end-m.offset)
	for i := m.offset; i < end; i++ {
		out = append(out, m.highlight(i, m.lines[i]))
	}
	return strings.Join(out, "\n")
}

// wrap splits content into lines no wider than width.
func (m *Model) wrap() {
	m.lines, m.starts = m.lines[:0], m.starts[:0]
	for _, l := range strings.Split(m.content, "\n") {
		m.starts = append(m.starts, len(m.lines))
		if m.width <= 0 || ansi.StringWidth(l) <= m.width {
			m.lines = append(m.lines, l)
			continue
		}
		// Continuation lines keep the line's indentation (indented JSON
		// stays readable), unless it would take more than half the width.
		ind := len(ansi.Strip(l)) - len(strings.TrimLeft(ansi.Strip(l), " "))
		if ind > m.width/2 {
			ind = 0
		}
		var wrapped string
		if m.Hard {
			wrapped = ansi.Hardwrap(l, m.width-ind, true)
		} else {
			wrapped = ansi.Wrap(l, m.width-ind, "")
		}
		for i, w := range strings.Split(wrapped, "\n") {
			if i > 0 && ind > 0 {
				w = strings.Repeat(" ", ind) + strings.TrimLeft(w, " ")
			}
			m.lines = append(m.lines, w)
		}
	}
	m.find()
}

// clamp keeps the offset inside the content.
func (m *Model) clamp() {
	m.offset = max(0, min(m.offset, len(m.lines)-m.height))
}
