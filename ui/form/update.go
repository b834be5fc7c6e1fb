package form

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// Next moves the focus to the next row (wrapping), checking the row
// being left.
func (m *Model) Next() tea.Cmd { return m.focusPos((m.pos + 1) % m.total()) }

// Prev moves the focus to the previous row (wrapping), checking the row
// being left.
func (m *Model) Prev() tea.Cmd { return m.focusPos((m.pos + m.total() - 1) % m.total()) }

// FocusField moves the focus to the fixed field f (FieldRow and HeaderRow:
// the first row of that list), checking the row being left.
func (m *Model) FocusField(f Field) tea.Cmd {
	switch {
	case f == FieldRow:
		return m.focusPos(m.posOf(listFields, 0))
	case f == HeaderRow:
		return m.focusPos(m.posOf(listHeaders, 0))
	case f < 0 || f >= fieldCount:
		return nil
	}
	return m.focusPos(int(f))
}

// blurCurrent blurs the focused row's input.
func (m *Model) blurCurrent() {
	if !m.fieldAt(m.pos).isPicker() {
		r := m.rowAt(m.pos)
		r.input.Blur()
		r.hist.typing = false // coming back starts a new step
	}
}

// focusPos moves the focus to position pos, checking the row being left
// and tidying the lists (an emptied row goes, a new empty one follows the
// last entry).
func (m *Model) focusPos(pos int) tea.Cmd {
	if pos < 0 || pos >= m.total() || pos == m.pos {
		return nil
	}
	m.blurCurrent()
	m.validatePos(m.pos)
	// Keep the target across the tidy: remember it as (list, index).
	tl, ti := m.locate(pos)
	m.pos = pos
	if tl >= 0 {
		m.pos = m.posOf(tl, ti)
	}
	m.tidyLists()
	m.scrollToFocus()
	if m.fieldAt(m.pos).isPicker() {
		return nil
	}
	return m.rowAt(m.pos).input.Focus()
}

// Prompting reports whether a prompt is open: the root then hands every
// key to the form.
func (m *Model) Prompting() bool { return m.prompt != nil }

// Update handles a key press, a paste or a cursor blink for the focused
// row, the form's own keys, and the results of its commands (SignedMsg).
// The root routes only form-bound messages here.
func (m *Model) Update(msg tea.Msg, keys KeyMap) tea.Cmd {
	m.keys = keys
	if s, ok := msg.(SignedMsg); ok {
		m.signed(s)
		return nil
	}
	if m.prompt != nil {
		return m.updatePrompt(msg, keys)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.AddRow):
			m.AddRow()
			return m.rowAt(m.pos).input.Focus()
		case key.Matches(k, keys.RemoveRow):
			if !m.RemoveRow() {
				m.notice = keyName(keys.RemoveRow) + " removes a row of the extra fields or headers: move to one first"
			}
			return nil
		case key.Matches(k, keys.Sign):
			return m.openSign()
		case key.Matches(k, keys.ImportCurl):
			return m.openImport()
		case key.Matches(k, keys.Undo):
			if !m.Undo() {
				m.notice = "nothing to undo in this field"
			}
			return nil
		}
	}
	f := m.fieldAt(m.pos)
	if f.isPicker() {
		m.updatePicker(f, msg, keys)
		return nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: cleanPaste(f, p.Content)}
	}
	r := m.rowAt(m.pos)
	before := undoStep{value: r.input.Value(), cursor: r.input.Position(), seq: m.seq + 1}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	if r.input.Value() != before.value {
		if r.hist.push(before, typedWord(msg)) {
			m.seq++
		}
		m.edited(f)
	} else if _, ok := msg.(tea.KeyPressMsg); ok && r.input.Position() != before.cursor {
		r.hist.typing = false // typing after a cursor move is a new step
	}
	return cmd
}

// updatePicker moves the network type or body encoding picker.
func (m *Model) updatePicker(f Field, msg tea.Msg, keys KeyMap) {
	var choices []string
	cur := m.Value(f)
	if f == Network {
		for _, t := range device.NetworkTypes {
			choices = append(choices, string(t))
		}
	} else {
		choices = []string{string(tokenclient.EncodingJSON), string(tokenclient.EncodingForm)}
	}
	i := 0
	for n, c := range choices {
		if c == cur {
			i = n
		}
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.PickPrev):
			i = (i + len(choices) - 1) % len(choices)
		case key.Matches(msg, keys.PickNext):
			i = (i + 1) % len(choices)
		default:
			return
		}
	case tea.PasteMsg:
		t := strings.ToLower(strings.TrimSpace(msg.Content))
		found := false
		for n, c := range choices {
			if c == t {
				i, found = n, true
			}
		}
		if !found {
			return
		}
	default:
		return
	}
	if f == Network {
		m.network = device.NetworkType(choices[i])
	} else {
		m.encoding = tokenclient.Encoding(choices[i])
	}
	m.rows[f].mark, m.rows[f].source, m.rows[f].err = MarkNone, "", ""
}

// edited updates everything that depends on the focused row after the
// user changed it.
func (m *Model) edited(f Field) {
	r := m.rowAt(m.pos)
	r.mark, r.source = MarkNone, ""
	switch {
	case f.isDevice():
		was := m.verbatim
		m.encodeDeviceInfo()
		m.rows[DeviceInfo].mark, m.rows[DeviceInfo].source = MarkNone, ""
		if was {
			m.notice = "device info re-encoded from the fields; the pasted key order is gone"
		}
	case f == DeviceInfo:
		m.decodeDeviceInfo()
		m.rows[DeviceInfo].err = m.b64Err
	case f == DeviceID:
		m.checkDeviceID()
	case f == FieldRow || f == HeaderRow:
		if l, idx := m.locate(m.pos); idx == len(m.lists[l])-1 && strings.TrimSpace(r.input.Value()) != "" {
			m.lists[l] = append(m.lists[l], m.newListRow(l)) // a new empty row below
		}
		r = m.rowAt(m.pos)
	}
	if r.err != "" {
		m.validatePos(m.pos)
	}
}

// cleanPaste trims pasted text; base64 loses all white space (wrapped
// output of base64(1) pastes whole).
func cleanPaste(f Field, s string) string {
	if f == DeviceInfo {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, sanitize.Text(s))
	}
	return sanitize.Line(strings.TrimSpace(s))
}
