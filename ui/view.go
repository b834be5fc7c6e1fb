package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/result"
	"github.com/authdeck/authdeck/ui/styles"
)

// The smallest usable terminal, the width from which panes sit side by
// side, and the width from which the profiles stay beside them.
const (
	minWidth     = 60
	minHeight    = 20
	wideWidth    = 100
	sidebarWidth = 140
	// formMinWidth is the form pane's outer width side by side: a label,
	// a 36-character device id and the marks column fit in it.
	formMinWidth = 60
)

// tooSmall reports whether the terminal is below the minimum size.
func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// wide reports whether the panes sit side by side.
func (m *Model) wide() bool { return m.width >= wideWidth }

// sidebar reports whether the profiles list stays on screen beside the
// form and the result (wide terminals, with a profile store).
func (m *Model) sidebar() bool { return m.width >= sidebarWidth && m.deps.Store != nil }

// chromeHeight is the number of lines outside the panes.
func (m *Model) chromeHeight() int {
	h := 3 // header, status line, help bar
	if m.deps.Demo != nil {
		h++
	}
	return h
}

// rect is an area of the screen in cells, (x, y) its top left corner.
type rect struct{ x, y, w, h int }

// contains reports whether the cell (x, y) is inside r.
func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// screen is where each pane is drawn: one source for drawing, sizing the
// children and hit-testing the mouse.
type screen struct {
	body  rect // everything between the header (and demo banner) and the status line
	side  rect // the profiles sidebar; zero when there is none
	form  rect // the request form
	right rect // the preview or the result, beside or below the form
}

// screen lays the body out for the current size and focus.
func (m *Model) screen() screen {
	top := 1 // the header
	if m.deps.Demo != nil {
		top++
	}
	s := screen{body: rect{0, top, m.width, max(m.height-m.chromeHeight(), 0)}}
	b := s.body
	if m.sidebar() {
		// About a fifth of the width; the form gets a little more than
		// half the rest, so its fields stay as wide as at 120 columns.
		sw := min(31+(m.width-sidebarWidth)/4, 40)
		s.side = rect{0, b.y, sw, b.h}
		b.x, b.w = sw, b.w-sw
	}
	if m.wide() {
		// The form keeps room for a whole device id and the marks column
		// (from 100 to 119 columns half the width is too little).
		fw := max(b.w/2, formMinWidth)
		if s.side.w > 0 {
			fw = (b.w*53 + 50) / 100
		}
		s.form = rect{b.x, b.y, fw, b.h}
		s.right = rect{b.x + fw, b.y, b.w - fw, b.h}
		return s
	}
	fh := b.h * 3 / 5
	if m.focus == focusResult || m.focus == focusPreview {
		fh = b.h * 2 / 5
	}
	s.form = rect{b.x, b.y, b.w, fh}
	s.right = rect{b.x, b.y + fh, b.w, b.h - fh}
	return s
}

// paneSizes returns the outer sizes of the form pane and the right (or
// lower) pane.
func (m *Model) paneSizes() (fw, fh, rw, rh int) {
	s := m.screen()
	return s.form.w, s.form.h, s.right.w, s.right.h
}

// paneRect is where the profiles pane draws (inside its frame, which has
// no title line of its own): the sidebar, or the whole body when there is
// no sidebar or the pane needs the room (its history).
func (m *Model) paneRect() (r rect, compact bool) {
	s := m.screen()
	if s.side.w > 0 && !(m.focus == focusProfiles && m.profiles.WantsRoom()) {
		return s.side, true
	}
	return s.body, false
}

// paneCovers reports whether the profiles pane covers the whole body.
func (m *Model) paneCovers() bool {
	if m.focus != focusProfiles {
		return false
	}
	_, compact := m.paneRect()
	return !compact
}

// sizePane gives the profiles pane its area, when that changed.
func (m *Model) sizePane() {
	r, compact := m.paneRect()
	if r == m.paneAt && compact == m.profiles.Compact() {
		return
	}
	m.paneAt = r
	m.profiles.SetCompact(compact)
	m.profiles.SetSize(max(r.w-4, 0), max(r.h-2, 0))
}

// helpSize is the content size of the key overlay's pane.
func (m *Model) helpSize() (w, h int) {
	b := m.screen().body
	return inner(b.w, b.h)
}

// inner is the content size of a pane of outer size w x h: border and
// padding around, a title line on top.
func inner(w, h int) (int, int) { return max(w-4, 0), max(h-3, 0) }

// layout sizes every child for the current terminal.
func (m *Model) layout() {
	if m.tooSmall() {
		return
	}
	fw, fh, rw, rh := m.paneSizes()
	m.form.SetSize(inner(fw, fh))
	m.preview.SetSize(inner(rw, rh))
	m.result.SetSize(inner(rw, rh))
	m.paneAt = rect{}
	m.sizePane()
	m.help.SetWidth(m.width)
}

// View renders the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	// Clicks and the wheel (cell motion: no events for a mouse merely
	// moving); tmux passes them on with its mouse option on or off.
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "authdeck"
	if m.profile != "" {
		v.WindowTitle += " — " + sanitize.Line(m.profile)
	}
	return v
}

// render draws the whole screen as text.
func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("terminal too small: %dx%d\nauthdeck needs at least %dx%d", m.width, m.height, minWidth, minHeight)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.styles.Warning.Render(msg))
	}
	parts := []string{m.header()}
	if m.deps.Demo != nil {
		parts = append(parts, m.demoBanner())
	}
	body := m.body()
	if m.ask != nil {
		// A question longer than the status line and help bar (the diff
		// of the unsaved edits) takes the bottom lines of the body.
		ask := m.askLines()
		if extra := len(ask) - 2; extra > 0 {
			bl := strings.Split(body, "\n")
			body = strings.Join(bl[:max(len(bl)-extra, 1)], "\n")
		}
		parts = append(parts, body)
		parts = append(parts, ask...)
	} else {
		parts = append(parts, body)
		parts = append(parts, m.statusLine(), m.helpBar())
	}
	return strings.Join(parts, "\n")
}

// askLines draws the root's open question over the status line and the
// help bar: the question, its lines of detail (the unsaved edits), then
// its answers.
func (m *Model) askLines() []string {
	lines := strings.Split(m.ask.View(1<<16), "\n")
	a := lines[len(lines)-1]
	if m.pending != nil && m.pending.kind == actQuit {
		a += m.styles.Muted.Render("  · " + m.keys.Quit.Help().Key + " again quits without saving")
	}
	out := make([]string, 0, len(lines))
	for i, l := range lines[:len(lines)-1] {
		if i > 0 {
			// A detail line is cut to fit already: what is left past the
			// width is the question's style padding it.
			l = ansi.Truncate(l, m.width, "")
		}
		out = append(out, fit(l, m.width))
	}
	return append(out, fit(a, m.width))
}

// header is the app name, the profile and the token state.
func (m *Model) header() string {
	st := m.styles
	left := st.Title.Render("authdeck")
	var name, after string
	switch {
	case m.profile != "":
		left += st.Muted.Render(" · profile ")
		name = sanitize.Line(m.profile)
	case m.demoPending():
		left += st.Muted.Render(" · profile ")
		name, after = sanitize.Line(m.demoName), st.Muted.Render(" (saving…)")
	default:
		left += st.Muted.Render(" · new profile (unsaved)")
	}
	// Badges stay when the line is short of room: the profile name is cut
	// first.
	var badges string
	// The demo profile holds only the fake server's published secret.
	if m.profile != "" && m.secretStore == store.SecretFile && !m.isDemoProfile() {
		badges += " " + st.Warning.Render(styles.SymbolWarning+" secrets in plain file")
	}
	if m.keyringFallback != "" {
		badges += " " + st.Badge.Render("KEYRING OFF") + st.Muted.Render(" F1")
	}
	right := ""
	if _, ok := m.result.ExpiresAt(); ok {
		left := m.result.Remaining(m.now)
		if left > 0 {
			right = st.Success.Render("token expires in " + result.Countdown(left))
			if m.width < 110 {
				right = st.Success.Render("expires in " + result.Countdown(left))
			}
		} else {
			right = st.ErrorBadge.Render("EXPIRED")
		}
	}
	if name != "" {
		room := m.width - ansi.StringWidth(left+after+badges) - ansi.StringWidth(right) - 1
		if ansi.StringWidth(name) > room {
			name = ansi.Truncate(name, max(room, 8), "…")
		}
		left += st.Value.Render(name)
	}
	return spread(left+after+badges, right, m.width)
}

// demoBanner says this is the demo and where the fake server listens.
func (m *Model) demoBanner() string {
	st := m.styles
	s := st.Badge.Render("DEMO") + " " + st.Value.Render("fake identity server at "+m.deps.Demo.ServerURL) +
		st.Muted.Render(" · "+m.keys.Send.Help().Key+" gets a token")
	return fit(s, m.width)
}

// body draws the panes (or the full help).
func (m *Model) body() string {
	s := m.screen()
	if m.showHelp {
		iw, ih := m.helpSize()
		return m.pane("Keys", m.helpView(iw, ih), s.body.w, s.body.h, true)
	}
	if m.act != nil {
		return m.activationBody(s)
	}
	if m.paneCovers() {
		return m.frame("", m.profiles.View(), s.body.w, s.body.h, true)
	}
	title := "Request"
	if m.profile != "" {
		title += " · " + sanitize.Line(m.profile)
	}
	formPane := m.pane(title, m.form.View(), s.form.w, s.form.h, m.focus == focusForm)
	var right string
	if m.focus == focusResult || m.sending {
		right = m.pane("Result", m.result.View(), s.right.w, s.right.h, m.focus == focusResult)
	} else {
		right = m.pane("Preview", m.preview.View(), s.right.w, s.right.h, m.focus == focusPreview)
	}
	out := formPane + "\n" + right
	if m.wide() {
		out = joinColumns(formPane, right)
	}
	if s.side.w > 0 {
		out = joinColumns(m.frame("", m.profiles.View(), s.side.w, s.side.h, m.focus == focusProfiles), out)
	}
	return out
}

// pane draws a bordered box of outer size w x h with a title line.
func (m *Model) pane(title, content string, w, h int, focused bool) string {
	st := m.styles
	t := st.Label.Render(title)
	if focused {
		t = st.Title.Render(title)
	}
	iw, _ := inner(w, h)
	hint := ""
	k := m.keys
	profilesHint := k.Profiles.Help().Key + " " + k.Profiles.Help().Desc
	switch {
	case strings.HasPrefix(title, "Request"):
		switch {
		case m.dirty() && m.profile == "":
			hint = st.Warning.Render(markEdited+" not saved") + st.Muted.Render(" · "+profilesHint)
		case m.dirty():
			hint = st.Warning.Render(markEdited+" unsaved edits") + st.Muted.Render(" · "+profilesHint)
		default:
			hint = st.Muted.Render(profilesHint)
		}
	case title == "Preview":
		switch ind := m.preview.Indicator(); {
		case focused && ind != "":
			hint = st.Muted.Render(ind)
		case focused:
			hint = st.Muted.Render(k.Back.Help().Key + " " + k.Back.Help().Desc)
		default:
			hint = st.Muted.Render("ctrl+f search · " + k.Scroll.PageUp.Help().Key + "/" + k.Scroll.PageDown.Help().Key)
		}
	case title == "Result":
		if ind := m.result.Indicator(); ind != "" {
			hint = st.Muted.Render(ind)
		}
		switch {
		case !focused && hint == "":
			hint = st.Muted.Render(k.Output.Help().Key + " to focus")
		case !focused:
			hint += st.Muted.Render(" · " + k.Output.Help().Key + " to focus")
		}
	}
	return m.frame(spread(t, hint, iw), content, w, h, focused)
}

// frame draws a bordered box of outer size w x h around content, with head
// as its first line unless head is "" (content then has one more line).
func (m *Model) frame(head, content string, w, h int, focused bool) string {
	st := m.styles
	box := st.Border
	if focused {
		box = st.Focused
	}
	iw, ih := inner(w, h)
	if head == "" {
		ih++
	}
	if iw <= 0 || ih < 0 {
		return ""
	}
	lines := strings.Split(content, "\n")
	if len(lines) > ih {
		lines = lines[:ih]
	}
	for len(lines) < ih {
		lines = append(lines, "")
	}
	// Drawn by hand: lines are already exactly iw wide, and lipgloss's
	// wrapping and alignment of the whole pane costs most of a keystroke.
	b := box.GetBorderStyle()
	edge := lipgloss.NewStyle().Foreground(box.GetBorderTopForeground())
	left, right := edge.Render(b.Left)+" ", " "+edge.Render(b.Right)
	var out strings.Builder
	out.Grow((w + 16) * h)
	out.WriteString(edge.Render(b.TopLeft + strings.Repeat(b.Top, w-2) + b.TopRight))
	if head != "" {
		out.WriteString("\n" + left + head + right)
	}
	for _, l := range lines {
		out.WriteString("\n" + left + fit(l, iw) + right)
	}
	out.WriteString("\n" + edge.Render(b.BottomLeft+strings.Repeat(b.Bottom, w-2)+b.BottomRight))
	return out.String()
}

// joinColumns puts two blocks of equal height side by side.
func joinColumns(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := range max(len(la), len(lb)) {
		if i > 0 {
			out.WriteByte('\n')
		}
		if i < len(la) {
			out.WriteString(la[i])
		}
		if i < len(lb) {
			out.WriteString(lb[i])
		}
	}
	return out.String()
}

// statusLine is the last message: confirmations and problems.
func (m *Model) statusLine() string {
	st := m.styles
	if m.searching {
		return m.searchLine()
	}
	if m.status == "" {
		return m.autoLine()
	}
	// Status messages quote store errors, server errors and names.
	text := sanitize.Line(m.status)
	if m.statusBad {
		return fit(st.StatusError.Render(styles.SymbolError+" "+text), m.width)
	}
	return fit(st.StatusOK.Render(text), m.width)
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if right == "" || gap < 1 {
		return fit(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// fit pads or cuts a styled line to exactly w cells.
func fit(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// markEdited marks unsaved edits (always next to words saying so).
const markEdited = "●"
