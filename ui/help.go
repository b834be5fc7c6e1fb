package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/authdeck/authdeck/ui/form"
)

var _ help.KeyMap = (*Model)(nil)

// ShortHelp is the help bar: the keys for where the focus is.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.showHelp {
		return []key.Binding{k.CloseHelp, k.Quit}
	}
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	if m.pending != nil && m.pending.kind == actQuit && m.focus == focusProfiles {
		return append([]key.Binding{withDesc(k.Quit, "quit without saving")}, m.profiles.ShortHelp()...)
	}
	if m.focus == focusProfiles {
		return append(m.profiles.ShortHelp(), k.Profiles, k.Help, k.Quit)
	}
	if m.sending {
		return []key.Binding{k.Cancel, k.Help, k.Quit}
	}
	if m.focus == focusResult {
		out := []key.Binding{k.Back}
		if m.result.Token() != nil {
			out = append(out, k.CopyTok, k.CopyAuth, k.Full)
		}
		out = append(out, k.CopyCurl, k.Raw)
		if m.refreshToken != "" {
			out = append(out, k.Refresh)
		}
		return append(out, k.Scroll.PageDown, k.Help, k.Quit)
	}
	var out []key.Binding
	switch f := m.form.Focused(); {
	case f == form.ClientSecret:
		out = append(out, k.Reveal)
	case f == form.DeviceID:
		out = append(out, k.NewID)
	case f == form.Network:
		out = append(out, k.Form.PickNext, k.Form.PickPrev, k.Detect)
	case f >= form.DeviceModel && f <= form.DeviceInfo:
		out = append(out, k.Detect, k.Preset)
	}
	out = append(out, k.Next, k.Send)
	if m.refreshToken != "" {
		out = append(out, k.Refresh)
	}
	return append(out, k.Output, k.Profiles, k.Help, k.Quit)
}

// FullHelp is the full key map, grouped by job.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	if m.focus == focusProfiles {
		return append(m.profiles.FullHelp(), []key.Binding{k.Profiles, k.Help, k.Quit})
	}
	return [][]key.Binding{
		{k.Next, k.Prev, k.Enter, k.Send, k.Refresh, k.Cancel, k.Profiles},
		{k.Reveal, k.NewID, k.Detect, k.Preset, k.Form.PickNext, k.Form.PickPrev},
		{k.Output, k.CopyTok, k.CopyAuth, k.CopyCurl, k.Raw, k.Full},
		{k.Scroll.PageDown, k.Scroll.PageUp, k.Help, k.Quit},
	}
}

// withDesc is b with another description.
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
