package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// hintStep is one key a status hint names: the binding it means and the
// focus it is pressed in (after the hint's earlier steps).
type hintStep struct {
	b     key.Binding
	focus focusArea
}

// setHint shows a status whose key names come from the key map: format
// holds one %s per step, replaced by the step's key (b.Help().Key), so a
// rebinding reaches the hint. steps are kept for tests: each must name a
// key that works in its focus (focusKeys).
func (m *Model) setHint(bad bool, format string, steps ...hintStep) (*Model, tea.Cmd) {
	names := make([]any, len(steps))
	for i, s := range steps {
		names[i] = s.b.Help().Key
	}
	m2, cmd := m.setStatus(bad, fmt.Sprintf(format, names...))
	m2.statusSteps = steps
	return m2, cmd
}

// lit escapes text for a setHint format (an error message, a name).
func lit(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// cancelHint says how to cancel the request in flight from here: esc,
// or, in the profiles pane (where esc closes the pane), ctrl+p first.
func (m *Model) cancelHint() (*Model, tea.Cmd) {
	if m.focus == focusProfiles {
		return m.setHint(false, "a request is already in flight; %s, then %s, cancels it",
			m.here(m.keys.Profiles), hintStep{m.keys.Cancel, focusForm})
	}
	return m.setHint(false, "a request is already in flight; %s cancels it", m.here(m.keys.Cancel))
}

// sendFirst says there is nothing yet and how to get a token from here.
func (m *Model) sendFirst(what string) (*Model, tea.Cmd) {
	return m.setHint(true, lit(what)+": send first (%s)", m.here(m.keys.Send))
}

// here is a hint step pressed where the focus is now.
func (m *Model) here(b key.Binding) hintStep { return hintStep{b: b, focus: m.focus} }

// focusKeys is every binding that acts in focus f, as handleKey routes
// keys: the hints name only these.
func (m *Model) focusKeys(f focusArea) []key.Binding {
	k := m.keys
	// Keys handleKey takes before the focus: in the profiles pane only
	// those globalKey lets through, elsewhere all of them.
	out := []key.Binding{k.Quit, k.Profiles, k.Help, k.Send, k.Refresh, k.Save, k.Output, k.CopyTokAny}
	if f != focusProfiles {
		out = append(out, k.SaveAs, k.PreviewKind)
		if m.sending {
			out = append(out, k.Cancel)
		}
	}
	switch f {
	case focusProfiles:
		for _, g := range m.profiles.FullHelp() {
			out = append(out, g...)
		}
	case focusForm:
		fk := k.Form
		out = append(out, k.Next, k.Prev, k.Enter, k.Reveal, k.NewID, k.Detect, k.Preset, k.Revert,
			k.Scroll.PageDown, k.Scroll.PageUp, k.Search,
			fk.PickNext, fk.PickPrev, fk.AddRow, fk.RemoveRow, fk.Sign, fk.ImportCurl, fk.Undo)
	case focusResult:
		out = append(out, k.Back, k.Search, k.NextMatch, k.PrevMatch, k.Pager, k.Editor, k.Diff, k.AutoRefresh,
			k.Raw, k.Full, k.CopyTok, k.CopyAuth, k.CopyCurl, k.Reveal, k.Top, k.Bottom,
			k.Scroll.Down, k.Scroll.Up, k.Scroll.PageDown, k.Scroll.PageUp)
	case focusPreview:
		out = append(out, k.Back, k.Search, k.NextMatch, k.PrevMatch, k.Top, k.Bottom,
			k.Scroll.Down, k.Scroll.Up, k.Scroll.PageDown, k.Scroll.PageUp)
	}
	return out
}

// works reports whether b is among the bindings that act in focus f.
func (m *Model) works(b key.Binding, f focusArea) bool {
	return slices.ContainsFunc(m.focusKeys(f), func(x key.Binding) bool {
		return slices.Equal(x.Keys(), b.Keys()) && x.Help() == b.Help()
	})
}
