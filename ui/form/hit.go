package form

// FieldAt is the field drawn on line y of View (0 is its first line): its
// row or the notes under it. Section headings, the "more" lines of a
// scrolled form and the space below the last field are no field.
func (m *Model) FieldAt(y int) (Field, bool) {
	if y < 0 || y >= m.height {
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
	for f := Field(0); f < fieldCount; f++ {
		if specs[f].section != "" {
			n++
		}
		first := n
		n += 1 + len(m.notes(f))
		if line >= first && line < n {
			return f, true
		}
	}
	return 0, false
}
