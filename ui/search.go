package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/profiles"
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

// handlePreviewKey handles a key while the preview has the focus: it
// scrolls and searches like the result.
func (m *Model) handlePreviewKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	p := m.preview
	switch {
	case key.Matches(msg, k.Back) && key.Matches(msg, k.SearchCancel) && p.Query() != "":
		p.Search("")
	case key.Matches(msg, k.Back):
		m.focus = focusForm
	case key.Matches(msg, k.Search):
		return m.startSearch()
	case key.Matches(msg, k.NextMatch):
		p.NextMatch()
	case key.Matches(msg, k.PrevMatch):
		p.PrevMatch()
	case key.Matches(msg, k.Scroll.Down):
		p.ScrollDown(1)
	case key.Matches(msg, k.Scroll.Up):
		p.ScrollUp(1)
	case key.Matches(msg, k.Scroll.PageDown):
		p.PageDown()
	case key.Matches(msg, k.Scroll.PageUp):
		p.PageUp()
	case key.Matches(msg, k.Top):
		p.GotoTop()
	case key.Matches(msg, k.Bottom):
		p.GotoBottom()
	}
	return m, nil
}

// globalKey reports whether msg is a key that means the same everywhere,
// the profiles pane included (when it is not asking something).
func (m *Model) globalKey(msg tea.KeyPressMsg) bool {
	k := m.keys
	return key.Matches(msg, k.Send) || key.Matches(msg, k.Refresh) || key.Matches(msg, k.Save) ||
		key.Matches(msg, k.Output) || key.Matches(msg, k.CopyTokAny)
}

// save saves the form from anywhere: over the loaded profile, or through
// the "save as" prompt when the form is a new profile.
func (m *Model) save() (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		return m.setStatus(true, errNoStore.Error())
	}
	if m.profile == "" {
		return m.saveAs()
	}
	return m.askSaveOver()
}

// saveAs opens the profiles pane on its "save the form as" prompt.
func (m *Model) saveAs() (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		return m.setStatus(true, errNoStore.Error())
	}
	var cmd tea.Cmd
	if m.focus != focusProfiles {
		_, cmd = m.openProfiles()
	}
	m.profiles.StartSaveAs()
	return m, cmd
}

// saveOverMsg is the pane's "save over" intent for the root's save key.
func saveOverMsg(name string) profiles.SaveOverMsg { return profiles.SaveOverMsg{Name: name} }
