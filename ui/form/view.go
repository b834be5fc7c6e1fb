package form

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

const (
	labelWidth = 17 // "✗ Signature time" + a space
	gutter     = 2  // "▸ "
	markWidth  = 11 // " ◆ detected"
)

// showMarks reports whether the form is wide enough for the mark column.
func (m *Model) showMarks() bool { return m.width >= 48 }

// inputWidth is the width of a text input.
func (m *Model) inputWidth() int {
	w := m.width - gutter - labelWidth - 1
	if m.showMarks() {
		w -= markWidth
	}
	return max(w, 1)
}

// View renders the visible part of the form, exactly width x height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	all, start, end := m.layout()
	total := len(all)
	off := scrolled(m.offset, start, end, m.height, total)
	lines := all[off:min(total, off+m.height)]
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fit(l, m.width)
	}
	if off > 0 {
		lines[0] = fit(m.styles.Muted.Render("  ↑ more above"), m.width)
	}
	if off+m.height < total && m.height > 1 {
		lines[len(lines)-1] = fit(m.styles.Muted.Render("  ↓ more below"), m.width)
	}
	return strings.Join(lines, "\n")
}

// scrolled returns the offset that keeps lines [start, end) on screen,
// moving as little as possible from off.
func scrolled(off, start, end, h, total int) int {
	if end-start > h {
		end = start + h
	}
	if start < off+1 && off > 0 {
		off = max(start-1, 0) // leave room for the "more above" line
	}
	if end > off+h-1 && off+h < total {
		off = end - h + 1
	}
	if start == 0 || (start == 1 && off == 1) {
		off = 0
	}
	return max(0, min(off, max(total-h, 0)))
}

// scrollToFocus updates the stored offset so the focused field is visible.
func (m *Model) scrollToFocus() {
	lines, start, end := m.layout()
	m.offset = scrolled(m.offset, start, end, m.height, len(lines))
}

// layout renders every line of the form and reports the line range of the
// focused field (its row and the notes under it).
func (m *Model) layout() (lines []string, start, end int) {
	for f := Field(0); f < fieldCount; f++ {
		spec := specs[f]
		if spec.section != "" {
			lines = append(lines, m.inks.header.Paint(spec.section))
		}
		if f == m.focus {
			start = len(lines)
		}
		lines = append(lines, m.rowLine(f))
		lines = append(lines, m.notes(f)...)
		if f == m.focus {
			end = len(lines)
		}
	}
	return lines, start, end
}

// rowLine renders the label, value and mark of one field.
func (m *Model) rowLine(f Field) string {
	r := m.rows[f]
	cursor, label := "  ", m.inks.label
	if f == m.focus {
		cursor, label = m.inks.labelFocus.Paint("▸")+" ", m.inks.labelFocus
	}
	lbl := specs[f].label
	if r.err != "" {
		lbl = styles.SymbolError + " " + lbl
	}
	var value string
	switch {
	case f == Network:
		value = m.networkView()
	case f == m.focus:
		value = r.input.View()
	default:
		value = m.blurredValue(f, m.valueWidth(f))
	}
	lbl = ansi.Truncate(lbl, labelWidth-1, "…")
	line := cursor + label.Paint(lbl) + strings.Repeat(" ", labelWidth-ansi.StringWidth(lbl)) + " " + value
	if m.showMarks() {
		mark := ""
		switch r.mark {
		case MarkDetected:
			mark = styles.SymbolDetected + " detected"
		case MarkPreset:
			mark = styles.SymbolDetected + " preset"
		}
		if f == ClientSecret {
			if m.revealed {
				mark = "shown"
			} else {
				mark = "hidden"
			}
		}
		if mark != "" {
			pad := m.width - ansi.StringWidth(line) - ansi.StringWidth(mark)
			line += strings.Repeat(" ", max(pad, 1)) + m.inks.detected.Paint(mark)
		}
	}
	return line
}

// notes renders the lines under a field: its problem, its warning and, on
// focus, where a marked value came from.
func (m *Model) notes(f Field) []string {
	st := m.styles
	r := m.rows[f]
	w := max(m.width-gutter-2, 10)
	indent := strings.Repeat(" ", gutter+2)
	var out []string
	add := func(style lipgloss.Style, text string) {
		wrapped := lipgloss.NewStyle().Width(w).Render(text)
		for _, l := range strings.Split(wrapped, "\n") {
			out = append(out, indent+style.Render(strings.TrimRight(l, " ")))
		}
	}
	if r.err != "" {
		add(st.Error, styles.SymbolError+" "+r.err)
	}
	if r.warn != "" && r.err == "" {
		add(st.Warning, styles.SymbolWarning+" "+r.warn)
	}
	if f == m.focus && r.mark != MarkNone && r.source != "" {
		prefix := "detected from "
		if r.mark == MarkPreset {
			prefix = "from "
		}
		add(st.Muted, prefix+r.source)
	}
	if f == m.focus && f == Network {
		add(st.Muted, "←/→ or space to change")
	}
	return out
}

// blurredValue renders a field without the focus: its start, cut with "…"
// to the input width; the secret as a fixed-length mask unless revealed.
func (m *Model) blurredValue(f Field, w int) string {
	v := m.rows[f].input.Value()
	switch {
	case v == "":
		return m.inks.muted.Paint(ansi.Truncate(specs[f].placeholder, w, "…"))
	case f == ClientSecret && !m.revealed:
		return m.inks.secret.Paint(tokenclient.Mask)
	}
	if ansi.StringWidth(v) > w {
		v = ansi.Truncate(v, w, "…")
	}
	return m.inks.value.Paint(v)
}

// valueWidth is the room for a blurred value: the mark column too when the
// row shows no mark.
func (m *Model) valueWidth(f Field) int {
	if m.rows[f].mark == MarkNone && f != ClientSecret && m.showMarks() {
		return m.inputWidth() + markWidth
	}
	return m.inputWidth()
}

// networkView renders the picker: every choice when it fits, else ‹ choice ›.
func (m *Model) networkView() string {
	st := m.styles
	var parts []string
	width := 0
	for _, t := range device.NetworkTypes {
		s := " " + string(t) + " "
		width += len(s) + 1
		if t == m.network {
			if st.NoColor {
				s = "[" + string(t) + "]"
			}
			parts = append(parts, st.Selected.Render(s))
		} else {
			parts = append(parts, st.Muted.Render(s))
		}
	}
	if width <= m.inputWidth() {
		return strings.Join(parts, " ")
	}
	return st.Selected.Render("‹ " + string(m.network) + " ›")
}

// fit pads or cuts a styled line to exactly w cells.
func fit(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-sw)
}
