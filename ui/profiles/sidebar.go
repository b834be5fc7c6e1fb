package profiles

import (
	"cmp"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokens"
)

// SetCompact switches the pane between the full table (false) and the
// sidebar drawn beside the form and the result on wide terminals (true):
// two lines a profile, its name, then its token status and last call.
func (m *Model) SetCompact(on bool) {
	m.compact = on
	m.clampScroll()
}

// Compact reports whether the pane draws as the sidebar.
func (m Model) Compact() bool { return m.compact }

// SetFocused tells the pane whether it receives the keys. An unfocused
// pane draws no cursor bar and no filter cursor (the loaded profile keeps
// its ● mark).
func (m *Model) SetFocused(on bool) {
	if on == m.focused {
		return
	}
	m.focused = on
	switch {
	case !on:
		m.filter.Blur()
	case m.mode != modePrompt:
		m.filter.Focus()
	}
}

// WantsRoom reports whether the pane shows something a sidebar is too
// narrow for (the history table and its details): the root then gives it
// the whole body while it has the focus.
func (m Model) WantsRoom() bool { return m.mode == modeHistory }

// CloseHistory goes back from the history to the list (for the root, when
// the focus leaves a sidebar that showed a history).
func (m *Model) CloseHistory() {
	if m.mode == modeHistory {
		*m = m.endMode()
	}
}

// rowHeight is the number of lines one profile takes.
func (m Model) rowHeight() int {
	if m.compact {
		return 2
	}
	return 1
}

// compactTitle is the sidebar's first line: the pane name and the count,
// and the key that focuses it while it does not have the focus.
func (m Model) compactTitle(w int) string {
	st := m.styles
	n := strconv.Itoa(len(m.profiles))
	if m.match.query != "" {
		n = strconv.Itoa(len(m.match.matches)) + "/" + n
	}
	right := ""
	if !m.focused {
		right = st.Muted.Render("ctrl+p")
	}
	return spread(st.Title.Render("Profiles")+st.Muted.Render(" · "+n), right, w)
}

// compactListView is listView for the sidebar: title, filter, a heading,
// then two lines a profile.
func (m Model) compactListView(lines []string, w, h int) (_ []string, rows int) {
	lines = append(lines, m.compactTitle(w), m.filter.View())
	if len(m.profiles) == 0 {
		return append(append(lines, ""), m.emptyLines(w)...), 0
	}
	head := "NAME · TOKEN · LAST CALL"
	if m.hasCheck() {
		head = "NAME · TOKEN · LAST CALL / CHECK"
	}
	lines = append(lines, m.look.colHead.Render(pad(head, w)))
	if len(m.match.matches) == 0 {
		return append(lines, m.emptyLines(w)...), 0
	}
	end := min(m.offset+max(h-headLines, 0)/2, len(m.match.matches))
	for i := m.offset; i < end; i++ {
		a, b := m.compactRow(int(m.match.matches[i]), i == m.cursor, w)
		lines = append(lines, a, b)
	}
	return lines, 2 * (end - m.offset)
}

// compactRow is one profile in the sidebar, two lines exactly w wide:
// the mark and name, then the token status and the last call.
func (m Model) compactRow(pi int, selected bool, w int) (string, string) {
	lk := &m.look
	p := &m.profiles[pi]
	var b strings.Builder
	loaded := p.Name == m.loaded
	bar := selected && m.focused
	switch {
	case bar && loaded:
		b.WriteString("›●")
	case bar:
		b.WriteString("› ")
	case loaded:
		b.WriteString(" ")
		lk.mark.text(&b, "●")
	default:
		b.WriteString("  ")
	}
	switch {
	case bar:
		b.WriteString(lk.selected.pre)
		b.WriteString(" ")
		writePadded(&b, p.Name, w-markW-1)
		b.WriteString(lk.selected.post)
	case loaded:
		b.WriteString(" ")
		lk.mark.cell(&b, p.Name, w-markW-1)
	default:
		b.WriteString(" ")
		lk.value.cell(&b, p.Name, w-markW-1)
	}
	first := b.String()
	b.Reset()
	b.WriteString("   ")
	status := tokens.TokenStatus(p.Token, m.now)
	if p.Token == nil {
		status = "no token"
	}
	switch {
	case p.Token == nil:
		lk.muted.text(&b, status)
	case status == "expired":
		lk.bad.text(&b, status)
	default:
		lk.ok.text(&b, status)
	}
	if text, _ := m.checkCell(p.Name); text != "" {
		lk.muted.text(&b, " · ")
		m.writeCheckCell(&b, p.Name, 0)
	} else {
		lk.muted.text(&b, " · "+cmp.Or(tokens.CallStatus(p.LastCall, m.now), "no calls"))
	}
	second := b.String()
	if cellWidth(second) > w {
		second = ansi.Truncate(second, w, "…")
	}
	return first, second
}

// Click handles a left click on line y of View (0 is its first line). On a
// profile row it selects the profile, and a click on the selected row
// loads it (LoadProfileMsg, as enter does). In the history a click selects
// an entry and a click on the selected entry opens its details. Clicks
// elsewhere, and while a prompt or question is open, do nothing.
func (m Model) Click(y int) (Model, tea.Cmd) {
	m.notice, m.warn = "", ""
	switch {
	case m.mode == modeList:
		i, ok := m.rowAt(y)
		if !ok {
			return m, nil
		}
		if i == m.cursor {
			return m, emit(LoadProfileMsg{Name: m.profiles[m.match.matches[i]].Name})
		}
		m.cursor = i
		m.clampScroll()
	case m.mode == modeHistory && !m.histDetail && m.histLoaded:
		i := m.histOffset + y - headLines
		if y < headLines || i >= min(len(m.history), m.histOffset+max(m.historyRows(), 0)) {
			return m, nil
		}
		if i == m.histCursor {
			m.histDetail = true
			return m, nil
		}
		m.histCursor = i
	}
	return m, nil
}

// rowAt is the index into the matches of the profile drawn on line y.
func (m Model) rowAt(y int) (int, bool) {
	if y < headLines || len(m.profiles) == 0 {
		return 0, false
	}
	i := m.offset + (y-headLines)/m.rowHeight()
	if i >= len(m.match.matches) || i >= m.offset+max(m.listRows(), 0) {
		return 0, false
	}
	return i, true
}

// Wheel scrolls the list (or the history) by d rows, negative up, keeping
// the cursor on screen.
func (m Model) Wheel(d int) Model {
	switch m.mode {
	case modeList:
		rows := max(m.listRows(), 1)
		n := len(m.match.matches)
		m.offset = min(max(m.offset+d, 0), max(n-rows, 0))
		m.cursor = min(max(m.cursor, m.offset), m.offset+rows-1)
		m.clampScroll()
	case modeHistory:
		if m.histDetail {
			m.histCursor = min(max(m.histCursor+sign(d), 0), max(len(m.history)-1, 0))
			return m
		}
		rows := max(m.historyRows(), 1)
		m.histOffset = min(max(m.histOffset+d, 0), max(len(m.history)-rows, 0))
		m.histCursor = min(max(m.histCursor, m.histOffset), m.histOffset+rows-1)
		m.clampHistory()
	}
	return m
}

// sign is -1, 0 or 1.
func sign(d int) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}
