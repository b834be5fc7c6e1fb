package pager

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// match is one occurrence of the query: wrapped line, first cell and the
// cell after the last.
type match struct{ line, start, end int }

// SetMatchStyles sets how matches are highlighted: every match, and the
// current one (the one n/N moved to).
func (m *Model) SetMatchStyles(all, current lipgloss.Style) {
	m.matchStyle, m.currentStyle = all, current
	m.styled = true
}

// Search finds q (case-insensitive, in the text as shown) and scrolls to
// the first match at or after the top of the view. An empty q clears the
// search. It returns the number of matches.
func (m *Model) Search(q string) int {
	m.query = q
	m.find()
	m.current = -1
	if len(m.matches) == 0 {
		return 0
	}
	m.current = 0
	for i, mt := range m.matches {
		if mt.line >= m.offset {
			m.current = i
			break
		}
	}
	m.showCurrent()
	return len(m.matches)
}

// Query is the text searched for ("" when no search is on).
func (m *Model) Query() string { return m.query }

// Matches is the number of matches and the current one (from 1; 0 when
// there is none).
func (m *Model) Matches() (n, current int) { return len(m.matches), m.current + 1 }

// NextMatch moves to the next match, wrapping to the first.
func (m *Model) NextMatch() { m.stepMatch(1) }

// PrevMatch moves to the previous match, wrapping to the last.
func (m *Model) PrevMatch() { m.stepMatch(-1) }

func (m *Model) stepMatch(d int) {
	if len(m.matches) == 0 {
		return
	}
	m.current = (m.current + d + len(m.matches)) % len(m.matches)
	m.showCurrent()
}

// showCurrent scrolls so the current match is visible, a third down the
// view when the view has to move.
func (m *Model) showCurrent() {
	if m.current < 0 || m.current >= len(m.matches) {
		return
	}
	l := m.matches[m.current].line
	if l < m.offset || l >= m.offset+m.height {
		m.offset = l - m.height/3
		m.clamp()
	}
}

// find recomputes the matches over the wrapped lines (after a wrap or a
// new query), keeping the current index in range.
func (m *Model) find() {
	m.matches = m.matches[:0]
	if m.query == "" {
		m.current = -1
		return
	}
	q := strings.ToLower(m.query)
	qw := ansi.StringWidth(m.query)
	for i, l := range m.lines {
		plain := strings.ToLower(ansi.Strip(l))
		from := 0
		for {
			j := strings.Index(plain[from:], q)
			if j < 0 {
				break
			}
			start := ansi.StringWidth(plain[:from+j])
			m.matches = append(m.matches, match{line: i, start: start, end: start + qw})
			from += j + max(len(q), 1)
		}
	}
	if m.current >= len(m.matches) {
		m.current = len(m.matches) - 1
	}
	if m.current < 0 && len(m.matches) > 0 {
		m.current = 0
	}
}

// highlight draws the matches of wrapped line i over its text.
func (m *Model) highlight(i int, l string) string {
	if m.query == "" || len(m.matches) == 0 {
		return l
	}
	var spans []int // indexes into m.matches on line i
	for k, mt := range m.matches {
		if mt.line == i {
			spans = append(spans, k)
		} else if mt.line > i {
			break
		}
	}
	if len(spans) == 0 {
		return l
	}
	all, cur := m.matchStyle, m.currentStyle
	if !m.styled {
		all, cur = lipgloss.NewStyle().Reverse(true), lipgloss.NewStyle().Reverse(true).Bold(true).Underline(true)
	}
	var b strings.Builder
	at := 0
	w := ansi.StringWidth(l)
	for _, k := range spans {
		mt := m.matches[k]
		if mt.start < at {
			continue
		}
		b.WriteString(ansi.Cut(l, at, mt.start))
		st := all
		if k == m.current {
			st = cur
		}
		b.WriteString(st.Render(ansi.Strip(ansi.Cut(l, mt.start, mt.end))))
		at = mt.end
	}
	if at < w {
		b.WriteString(ansi.Cut(l, at, w))
	}
	return b.String()
}

// Position is the visible wrapped lines (first and last, from 1) of total;
// all is true when everything fits.
func (m *Model) Position() (first, last, total int, all bool) {
	total = len(m.lines)
	first = m.offset + 1
	last = min(m.offset+m.height, total)
	return first, last, total, total <= m.height
}

// Indicator is the scroll position and the search, for a pane's title
// line: "lines 1–12 of 40 ↓ · “exp” 2/5". It is "" when everything fits
// and no search is on.
func (m *Model) Indicator() string {
	var parts []string
	if first, last, total, all := m.Position(); !all {
		more := ""
		if last < total {
			more = " ↓"
		}
		parts = append(parts, fmt.Sprintf("lines %d–%d of %d%s", first, last, total, more))
	}
	if m.query != "" {
		n, cur := m.Matches()
		q := ansi.Truncate(m.query, 16, "…")
		if n == 0 {
			parts = append(parts, fmt.Sprintf("“%s” no match", q))
		} else {
			parts = append(parts, fmt.Sprintf("“%s” %d/%d", q, cur, n))
		}
	}
	return strings.Join(parts, " · ")
}
