package form

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/sanitize"
)

// Next moves the focus to the next field (wrapping), checking the field
// being left.
func (m *Model) Next() tea.Cmd { return m.FocusField((m.focus + 1) % fieldCount) }

// Prev moves the focus to the previous field (wrapping), checking the field
// being left.
func (m *Model) Prev() tea.Cmd { return m.FocusField((m.focus + fieldCount - 1) % fieldCount) }

// FocusField moves the focus to f, checking the field being left.
func (m *Model) FocusField(f Field) tea.Cmd {
	if f < 0 || f >= fieldCount || f == m.focus {
		return nil
	}
	old := m.focus
	if old != Network {
		m.rows[old].input.Blur()
	}
	m.validateField(old)
	m.focus = f
	m.scrollToFocus()
	if f == Network {
		return nil
	}
	return m.rows[f].input.Focus()
}

// Update handles a key press, a paste or a cursor blink for the focused
// field. The root routes only form-bound messages here.
func (m *Model) Update(msg tea.Msg, keys KeyMap) tea.Cmd {
	f := m.focus
	if f == Network {
		m.updateNetwork(msg, keys)
		return nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: cleanPaste(f, p.Content)}
	}
	before := m.rows[f].input.Value()
	var cmd tea.Cmd
	m.rows[f].input, cmd = m.rows[f].input.Update(msg)
	if m.rows[f].input.Value() != before {
		m.edited(f)
	}
	return cmd
}

// updateNetwork moves the network picker.
func (m *Model) updateNetwork(msg tea.Msg, keys KeyMap) {
	types := device.NetworkTypes
	i := 0
	for n, t := range types {
		if t == m.network {
			i = n
		}
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.PickPrev):
			i = (i + len(types) - 1) % len(types)
		case key.Matches(msg, keys.PickNext):
			i = (i + 1) % len(types)
		default:
			return
		}
	case tea.PasteMsg:
		t := device.NetworkType(strings.ToLower(strings.TrimSpace(msg.Content)))
		if !t.Valid() {
			return
		}
		for n, tt := range types {
			if tt == t {
				i = n
			}
		}
	default:
		return
	}
	m.network = types[i]
	m.rows[Network].mark, m.rows[Network].source, m.rows[Network].err = MarkNone, "", ""
}

// edited updates everything that depends on field f after the user changed it.
func (m *Model) edited(f Field) {
	m.rows[f].mark, m.rows[f].source = MarkNone, ""
	switch {
	case f.isDevice():
		m.encodeDeviceInfo()
	case f == DeviceInfo:
		m.decodeDeviceInfo()
		m.rows[DeviceInfo].err = m.b64Err
	case f == DeviceID:
		m.checkDeviceID()
	}
	if m.rows[f].err != "" {
		m.validateField(f)
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
