package ui

import (
	tea "charm.land/bubbletea/v2"
)

// wheelStep is how many lines (or list rows) one wheel notch scrolls.
const wheelStep = 3

// Content offsets inside a frame: the border on the left and on top, then
// a space of padding; panes drawn by pane() have a title line on top too.
const (
	contentDX      = 2 // border and padding
	contentDYTitle = 2 // border and the pane's title line
	contentDYFrame = 1 // border only (the profiles pane draws its own title)
)

// handleClick routes a left click by where it lands on the screen drawn by
// body (screen() is the one source of the areas): on a form field it
// focuses the field, on the result it focuses the result, on the profiles
// (sidebar or full pane) it focuses them and hands the click to the pane
// (a click selects a row, a click on the selected row loads it).
func (m *Model) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	if msg.Button != tea.MouseLeft || m.tooSmall() || m.width == 0 || m.ask != nil || m.showHelp {
		return m, nil
	}
	s := m.screen()
	x, y := msg.X, msg.Y
	switch {
	case m.paneCovers():
		if s.body.contains(x, y) {
			return m.clickPane(y - s.body.y - contentDYFrame)
		}
	case s.side.contains(x, y):
		if m.focus != focusProfiles {
			m.focus = focusProfiles
			m.profiles.SetFocused(true)
		}
		return m.clickPane(y - s.side.y - contentDYFrame)
	case s.form.contains(x, y):
		m.focus = focusForm
		if cmd, ok := m.form.FocusLine(y - s.form.y - contentDYTitle); ok {
			m.updatePreview()
			return m, cmd
		}
	case s.right.contains(x, y):
		if m.showsResult() {
			m.focus = focusResult
		} else {
			m.focus = focusForm // the preview follows the form
		}
	}
	return m, nil
}

// clickPane hands a click on line y of the profiles pane's view to it.
func (m *Model) clickPane(y int) (tea.Model, tea.Cmd) {
	pane, cmd := m.profiles.Click(y)
	*m.profiles = pane
	return m, cmd
}

// showsResult reports whether the right pane shows the result (rather than
// the preview).
func (m *Model) showsResult() bool { return m.focus == focusResult || m.sending }

// handleWheel scrolls what is under the pointer: the key overlay, the
// profiles (sidebar or pane), the result or the preview. It does not move
// the focus.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	d := 0
	switch msg.Button {
	case tea.MouseWheelDown:
		d = wheelStep
	case tea.MouseWheelUp:
		d = -wheelStep
	}
	if d == 0 || m.tooSmall() || m.width == 0 || m.ask != nil {
		return m, nil
	}
	s := m.screen()
	x, y := msg.X, msg.Y
	switch {
	case m.showHelp:
		w, h := m.helpSize()
		m.helpOffset += d
		m.clampHelp(w, h)
	case m.paneCovers() && s.body.contains(x, y), s.side.contains(x, y):
		*m.profiles = m.profiles.Wheel(d)
	case s.right.contains(x, y) && m.showsResult():
		if d > 0 {
			m.result.ScrollDown(d)
		} else {
			m.result.ScrollUp(-d)
		}
	case s.right.contains(x, y):
		if d > 0 {
			m.preview.ScrollDown(d)
		} else {
			m.preview.ScrollUp(-d)
		}
	}
	return m, nil
}
