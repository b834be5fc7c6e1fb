package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// scroller is what the search works on: the result or the preview.
type scroller interface {
	Search(q string) int
	Query() string
	Matches() (n, current int)
}

// searchTarget is the scroller the focus is on.
func (m *Model) searchTarget() scroller {
	if m.focus == focusPreview {
		return m.preview
	}
	return m.result
}

// startSearch opens the search prompt of the focused scroller, starting
// from its current query.
func (m *Model) startSearch() (tea.Model, tea.Cmd) {
	m.searching = true
	m.searchText = m.searchTarget().Query()
	return m, nil
}

// handleSearchKey types into the search prompt; every change searches
// again (the view follows the first match).
func (m *Model) handleSearchKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	t := m.searchTarget()
	switch {
	case key.Matches(msg, k.SearchCancel):
		m.searching, m.searchText = false, ""
		t.Search("")
	case key.Matches(msg, k.SearchDone):
		m.searching = false
	case key.Matches(msg, k.SearchErase):
		if r := []rune(m.searchText); len(r) > 0 {
			m.searchText = string(r[:len(r)-1])
			t.Search(m.searchText)
		}
	case msg.Text != "":
		m.searchText += sanitize.Line(msg.Text)
		t.Search(m.searchText)
	}
	return m, nil
}

// searchLine is the search prompt, drawn over the status line.
func (m *Model) searchLine() string {
	st := m.styles
	n, cur := m.searchTarget().Matches()
	count := "type to search"
	switch {
	case m.searchText != "" && n == 0:
		count = "no match"
	case m.searchText != "":
		count = fmt.Sprintf("%d of %d", cur, n)
	}
	k := m.keys
	return fit(st.Title.Render("/")+st.Value.Render(sanitize.Line(m.searchText))+st.Muted.Render("▏ "+count+
		" · "+k.SearchDone.Help().Key+" keep · "+k.SearchCancel.Help().Key+" clear · then "+
		k.NextMatch.Help().Key+"/"+k.PrevMatch.Help().Key), m.width)
}
