package form

import (
	"fmt"
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

// editWidth is the width of the text input being edited: the focused row
// has the mark column too (its mark is said under it), so a value is cut
// while typed only where the pane itself ends. One cell stays for the
// cursor.
func (m *Model) editWidth() int {
	w := m.inputWidth()
	if m.showMarks() {
		w += markWidth
	}
	return max(w-1, 1)
}

// inputWidth is the width of a blurred row's value beside its mark.
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
// focused row (its line and the notes under it), or of the open prompt.
func (m *Model) layout() (lines []string, start, end int) {
	if m.prompt != nil {
		lines = m.promptLines()
		start, end = 0, len(lines)
	}
	for pos := range m.total() {
		f := m.fieldAt(pos)
		l, idx := m.locate(pos)
		switch {
		case l < 0 && specs[f].section != "":
			lines = append(lines, m.inks.header.Paint(specs[f].section))
		case l == listFields && idx == 0:
			lines = append(lines, m.inks.header.Paint(sectionFields))
		case l == listHeaders && idx == 0:
			lines = append(lines, m.inks.header.Paint(sectionHeaders))
		}
		focused := pos == m.pos && m.prompt == nil
		if focused {
			start = len(lines)
		}
		lines = append(lines, m.rowLine(pos))
		lines = append(lines, m.notes(pos)...)
		if focused {
			end = len(lines)
		}
	}
	return lines, start, end
}

// rowLabel is the label of the row at pos.
func (m *Model) rowLabel(pos int) string {
	l, idx := m.locate(pos)
	if l < 0 {
		return specs[idx].label
	}
	name := "Field"
	if l == listHeaders {
		name = "Header"
	}
	if idx == len(m.lists[l])-1 && strings.TrimSpace(m.lists[l][idx].input.Value()) == "" {
		return "+ new " + strings.ToLower(name)
	}
	return fmt.Sprintf("%s %d", name, idx+1)
}

// rowLine renders the label, value and mark of one row.
func (m *Model) rowLine(pos int) string {
	f := m.fieldAt(pos)
	r := m.rowAt(pos)
	focused := pos == m.pos && m.prompt == nil
	cursor, label := "  ", m.inks.label
	if focused {
		cursor, label = m.inks.labelFocus.Paint("▸")+" ", m.inks.labelFocus
	}
	lbl := m.rowLabel(pos)
	if r.err != "" {
		lbl = styles.SymbolError + " " + lbl
	}
	var value string
	switch {
	case f.isPicker():
		value = m.pickerView(f)
	case focused:
		value = r.input.View()
	default:
		value = m.blurredValue(pos, m.valueWidth(pos))
	}
	lbl = ansi.Truncate(lbl, labelWidth-1, "…")
	line := cursor + label.Paint(lbl) + strings.Repeat(" ", labelWidth-ansi.StringWidth(lbl)) + " " + value
	if m.showMarks() && !(focused && !f.isPicker()) {
		if mark := m.markText(pos); mark != "" {
			pad := m.width - ansi.StringWidth(line) - ansi.StringWidth(mark)
			line += strings.Repeat(" ", max(pad, 1)) + m.inks.detected.Paint(mark)
		}
	}
	return line
}

// rowKeys names the keys that add and remove list rows.
func (m *Model) rowKeys() string {
	return keyName(m.keys.AddRow) + " add · " + keyName(m.keys.RemoveRow) + " remove"
}

// markText is the mark column of a row: detected, preset, verbatim, or
// hidden/shown for a masked field.
func (m *Model) markText(pos int) string {
	f := m.fieldAt(pos)
	if f.isMasked() {
		if m.revealed {
			return "shown"
		}
		return "hidden"
	}
	if f == DeviceInfo && m.DeviceInfoVerbatim() {
		return styles.SymbolDetected + " verbatim"
	}
	if f >= fieldCount {
		return ""
	}
	switch m.rows[f].mark {
	case MarkDetected:
		return styles.SymbolDetected + " detected"
	case MarkPreset:
		return styles.SymbolDetected + " preset"
	}
	return ""
}

// noteLines wraps a note under a row in style.
func (m *Model) noteLines(style lipgloss.Style, text string) []string {
	w := max(m.width-gutter-2, 10)
	indent := strings.Repeat(" ", gutter+2)
	var out []string
	wrapped := lipgloss.NewStyle().Width(w).Render(text)
	for _, l := range strings.Split(wrapped, "\n") {
		out = append(out, indent+style.Render(strings.TrimRight(l, " ")))
	}
	return out
}

// notes renders the lines under a row: its problem, its warning and, on
// focus, where a marked value came from and how to use the row.
func (m *Model) notes(pos int) []string {
	st := m.styles
	f := m.fieldAt(pos)
	r := m.rowAt(pos)
	focused := pos == m.pos && m.prompt == nil
	var out []string
	add := func(style lipgloss.Style, text string) { out = append(out, m.noteLines(style, text)...) }
	if r.err != "" {
		add(st.Error, styles.SymbolError+" "+r.err)
	}
	if r.warn != "" && r.err == "" {
		add(st.Warning, styles.SymbolWarning+" "+r.warn)
	}
	if !focused {
		return out
	}
	if f.isMasked() && m.showMarks() {
		add(st.Muted, m.markText(pos)) // the mark column went to the value
	}
	if r.mark != MarkNone && r.source != "" {
		prefix := "detected from "
		if r.mark == MarkPreset {
			prefix = "from "
		}
		add(st.Muted, prefix+r.source)
	}
	switch {
	case f == Network || f == Encoding:
		add(st.Muted, "←/→ or space to change")
	case f == DeviceInfo && m.DeviceInfoVerbatim():
		add(st.Muted, "verbatim: sent exactly as given, not re-encoded; editing model, version or OS re-encodes it")
	case f == FieldRow:
		add(st.Muted, "name = text sends a string; name := json sends raw JSON (42, true, {…}) · "+m.rowKeys())
	case f == HeaderRow:
		add(st.Muted, "Name: value · "+m.rowKeys())
	case f == UID || f == UIDSignature || f == SignatureTimestamp:
		add(st.Muted, keyName(m.keys.Sign)+" signs the UID with the account secret and fills signature and time")
	}
	return out
}

// blurredValue renders a row without the focus: its start, cut with "…"
// to the input width; masked fields as a fixed-length mask unless revealed.
func (m *Model) blurredValue(pos int, w int) string {
	f := m.fieldAt(pos)
	r := m.rowAt(pos)
	v := r.input.Value()
	switch {
	case v == "":
		return m.inks.muted.Paint(ansi.Truncate(r.input.Placeholder, w, "…"))
	case f.isMasked() && !m.revealed:
		return m.inks.secret.Paint(tokenclient.Mask)
	}
	if ansi.StringWidth(v) > w {
		v = ansi.Truncate(v, w, "…")
	}
	return m.inks.value.Paint(v)
}

// valueWidth is the room for a blurred value: the mark column too when the
// row shows no mark.
func (m *Model) valueWidth(pos int) int {
	if m.markText(pos) == "" && m.showMarks() {
		return m.inputWidth() + markWidth
	}
	return m.inputWidth()
}

// pickerView renders a picker: every choice when it fits, else ‹ choice ›.
func (m *Model) pickerView(f Field) string {
	st := m.styles
	var choices []string
	if f == Network {
		for _, t := range device.NetworkTypes {
			choices = append(choices, string(t))
		}
	} else {
		choices = []string{string(tokenclient.EncodingJSON), string(tokenclient.EncodingForm)}
	}
	cur := m.Value(f)
	var parts []string
	width := 0
	for _, c := range choices {
		s := " " + c + " "
		width += len(s) + 1
		if c == cur {
			if st.NoColor {
				s = "[" + c + "]"
			}
			parts = append(parts, st.Selected.Render(s))
		} else {
			parts = append(parts, st.Muted.Render(s))
		}
	}
	if width <= m.inputWidth() {
		return strings.Join(parts, " ")
	}
	return st.Selected.Render("‹ " + cur + " ›")
}

// fit pads or cuts a styled line to exactly w cells.
func fit(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-sw)
}
