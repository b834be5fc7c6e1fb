package form

import tea "charm.land/bubbletea/v2"

// rowAtLine is the row position drawn on line y of View (0 is its first
// line): the row itself or the notes under it. Section headings, the "more"
// lines of a scrolled form, a prompt and the space below the last row are
// no row.
func (m *Model) rowAtLine(y int) (int, bool) {
	if y < 0 || y >= m.height || m.prompt != nil {
		return 0, false
	}
	all, start, end := m.layout()
	total := len(all)
	off := scrolled(m.offset, start, end, m.height, total)
	if (y == 0 && off > 0) || (y == m.height-1 && off+m.height < total && m.height > 1) {
		return 0, false
	}
	line := off + y
	// The same walk as layout: a heading, the row, its notes.
	n := 0
	for pos := range m.total() {
		f := m.fieldAt(pos)
		l, idx := m.locate(pos)
		if (l < 0 && specs[f].section != "") || (l == listFields && idx == 0) || (l == listHeaders && idx == 0) {
			n++
		}
		first := n
		n += 1 + len(m.notes(pos))
		if line >= first && line < n {
			return pos, true
		}
	}
	return 0, false
}

// FocusLine focuses the row drawn on line y of View (a mouse click); ok is
// false when no row is there.
func (m *Model) FocusLine(y int) (cmd tea.Cmd, ok bool) {
	pos, ok := m.rowAtLine(y)
	if !ok {
		return nil, false
	}
	return m.focusPos(pos), true
}
