package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/form"
)

var _ help.KeyMap = (*Model)(nil)

// ShortHelp is the help bar: the keys for where the focus is, most
// important first. The help and quit keys come last and are never dropped
// (see helpBar).
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.searching {
		return []key.Binding{k.SearchDone, k.SearchCancel, k.SearchErase, k.Help, k.Quit}
	}
	if m.showHelp {
		return []key.Binding{k.CloseHelp, k.Scroll.Down, k.Scroll.PageDown, k.Quit}
	}
	if m.act != nil {
		out := []key.Binding{withDesc(k.Cancel, "cancel the activation")}
		if m.act.ended {
			out[0] = withDesc(k.Cancel, "close")
		} else if m.act.screen.Demo != "" {
			out = append(out, k.DemoApprove, k.DemoAccount)
		}
		return append(out, k.Help, k.Quit)
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
		out := []key.Binding{k.Back, k.Search}
		if m.result.Query() != "" {
			out = append(out, k.NextMatch, k.PrevMatch)
		}
		if m.result.Token() != nil {
			out = append(out, k.CopyTok)
		}
		if m.canRefresh() {
			out = append(out, k.Refresh)
		}
		if m.result.Token() != nil {
			out = append(out, k.Full)
		}
		if m.result.HasResponse() {
			out = append(out, k.Raw)
		}
		if m.result.Token() != nil {
			out = append(out, k.Diff, k.AutoRefresh)
		}
		if m.result.Token() != nil || m.result.HasResponse() {
			out = append(out, k.Pager)
		}
		if _, _, _, all := m.result.Position(); !all {
			out = append(out, k.Scroll.PageDown, k.Top, k.Bottom)
		}
		if m.result.Token() != nil {
			out = append(out, k.CopyAuth)
		}
		return append(out, k.CopyCurl, k.Help, k.Quit)
	}
	if m.focus == focusPreview {
		out := []key.Binding{k.Back, k.Search}
		if m.preview.Query() != "" {
			out = append(out, k.NextMatch, k.PrevMatch)
		}
		return append(out, k.Scroll.PageDown, k.Top, k.Bottom, k.Help, k.Quit)
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
	out = append(out, k.Send, k.Save, k.Next)
	if m.canRefresh() {
		out = append(out, k.Refresh)
	}
	search := withDesc(k.Search, "search preview")
	if m.form.FocusIsText() {
		search.SetHelp("ctrl+f", "search preview") // "/" types here
	}
	return append(out, k.Output, k.Profiles, search, k.Help, k.Quit)
}

// canRefresh reports whether a refresh can be sent: there is a refresh
// token.
func (m *Model) canRefresh() bool { return m.refreshToken != "" }

// helpGroup is one place's keys in the key overlay.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpGroups is every key of the console, grouped by where it works. A key
// means one thing everywhere; the README's key table is generated from
// these groups (TestReadmeKeyTable).
func (m *Model) helpGroups() []helpGroup {
	k := m.keys
	pk := k.Pane
	c := pk.Confirm
	return []helpGroup{
		{"Everywhere", []key.Binding{k.Help, withDesc(k.HelpAlt, "all keys (outside text fields)"), k.Send, k.Refresh,
			withDesc(k.Save, "save the form (asks a name when new)"), k.SaveAs, k.Output, k.Profiles, k.CopyTokAny, withDesc(k.Cancel, "cancel the request in flight"), k.Activate, k.Quit}},
		{"Activating a device (alt+d)", []key.Binding{withDesc(k.Cancel, "cancel (or close a failure)"), k.DemoApprove, k.DemoAccount}},
		{"Form", []key.Binding{k.Next, k.Prev, k.Enter, k.Reveal, k.NewID, k.Detect, k.Preset,
			k.Form.PickNext, k.Form.PickPrev, k.Form.AddRow, k.Form.RemoveRow, k.Form.Sign, k.Form.ImportCurl, k.Form.Undo, k.Revert, withDesc(k.PreviewKind, "preview (and u) issue ⇄ refresh request"),
			withDesc(k.Scroll.PageDown, "preview page down"),
			withDesc(k.Scroll.PageUp, "preview page up"), withDesc(k.Search, "search the preview (ctrl+f in text fields)")}},
		{"Result (and the preview, after ctrl+f)", []key.Binding{k.Back, k.Scroll.Down, k.Scroll.Up, k.Scroll.PageDown,
			k.Scroll.PageUp, k.Top, k.Bottom, k.Search, k.NextMatch, k.PrevMatch}},
		{"Result only", []key.Binding{k.CopyTok, k.CopyAuth, k.CopyCurl, withDesc(k.Reveal, "show/hide secret (u copies it then)"), k.Raw, k.Full, k.Pager, k.Editor, k.Diff,
			k.AutoRefresh}},
		{"Search prompt", []key.Binding{k.SearchDone, k.SearchCancel, k.SearchErase}},
		{"Profiles pane (ctrl+p; type to filter)", []key.Binding{pk.Up, pk.Down, pk.PageUp, pk.PageDown, pk.Top, pk.Bottom,
			pk.Load, pk.New, pk.Rename, pk.Duplicate, pk.Delete, pk.History, pk.Repair,
			withDesc(pk.Check, "check the selected profile (a token request)"), withDesc(pk.CheckAll, "check every profile the filter shows"),
			withDesc(pk.Submit, "ok (in a name prompt)"), withDesc(pk.Back, "cancel check / clear filter / back to form")}},
		{"Questions", []key.Binding{c.Prev, c.Choose, c.Cancel}},
		{"This help", []key.Binding{k.CloseHelp, k.Scroll.Down, k.Scroll.Up, k.Scroll.PageDown, k.Top, k.Bottom}},
	}
}

// FullHelp is every key, grouped by place (help.KeyMap).
func (m *Model) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range m.helpGroups() {
		out = append(out, g.keys)
	}
	return out
}

// withDesc is b with another description.
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// helpBar is the short help for where the focus is, cut to the width by
// dropping the least important keys first: the help key and quit (the last
// two of ShortHelp) always stay.
func (m *Model) helpBar() string {
	bs := m.ShortHelp()
	var items []string
	for _, b := range bs {
		if h := b.Help(); b.Enabled() && h.Key != "" {
			items = append(items, m.help.Styles.ShortKey.Render(h.Key)+" "+m.help.Styles.ShortDesc.Render(h.Desc))
		}
	}
	sep := m.help.Styles.ShortSeparator.Render(" • ")
	pinned := min(2, len(items))
	keep := items[len(items)-pinned:]
	rest := items[:len(items)-pinned]
	width := func(parts []string) int { return ansi.StringWidth(strings.Join(parts, sep)) }
	for len(rest) > 0 && width(append(append([]string{}, rest...), keep...)) > m.width {
		rest = rest[:len(rest)-1]
	}
	return fit(strings.Join(append(rest, keep...), sep), m.width)
}

// helpLines is the key overlay as lines of width w: each place's title,
// then its keys in as many columns as fit.
func (m *Model) helpLines(w int) []string {
	st := m.styles
	var lines []string
	for gi, g := range m.helpGroups() {
		if gi > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, st.Header.Render(g.title))
		lines = append(lines, m.keyColumns(g.keys, w)...)
	}
	lines = append(lines, "", st.Header.Render("Marks on screen"))
	for _, b := range m.badgeHelp() {
		for i, l := range strings.Split(ansi.Wrap(b[1], max(w-16, 20), ""), "\n") {
			head := strings.Repeat(" ", 14)
			if i == 0 {
				head = fit(b[0], 14)
			}
			lines = append(lines, "  "+st.HelpKey.Render(head)+st.HelpDesc.Render(l))
		}
	}
	return lines
}

// badgeHelp explains the badges and marks the console shows, the keyring
// fallback with the store's own reason when there is one.
func (m *Model) badgeHelp() [][2]string {
	keyring := "the system keyring could not be used"
	if m.keyringFallback != "" {
		keyring += " (" + sanitize.Line(m.keyringFallback) + ")"
	}
	keyring += ": client secrets are kept in a 0600 file readable only by you until it is reachable again (a running, unlocked Secret Service or keychain)"
	return [][2]string{
		{"KEYRING OFF", keyring},
		{"⚠ plain file", "this profile's secrets are in the secrets file, not the keyring"},
		{"EXPIRED", "the shown token is past its expiry: ctrl+s gets a new one"},
		{"● unsaved", "the form differs from the saved profile: " + m.keys.Save.Help().Key + " saves it (after a list of the changes), " +
			m.keys.Revert.Help().Key + " reverts it"},
		{"◆ detected", "a device value detected on this machine (focus the field to see from where)"},
		{"Clock skew", "the server's clock differs by over 30 s: countdowns use the server's time"},
	}
}

// keyColumns lays bindings out in as many columns (up to 3) as fit in w.
func (m *Model) keyColumns(bs []key.Binding, w int) []string {
	type entry struct{ k, d string }
	var es []entry
	for _, b := range bs {
		es = append(es, entry{b.Help().Key, b.Help().Desc})
	}
	const gap = 3
	layout := func(cols int) (kws, dws []int, rows int, ok bool) {
		rows = (len(es) + cols - 1) / cols
		total := 0
		for c := range cols {
			kw, dw := 0, 0
			for r := range rows {
				if i := c*rows + r; i < len(es) {
					kw, dw = max(kw, ansi.StringWidth(es[i].k)), max(dw, ansi.StringWidth(es[i].d))
				}
			}
			kws, dws = append(kws, kw), append(dws, dw)
			total += kw + 2 + dw + gap
		}
		return kws, dws, rows, total-gap <= w-2
	}
	cols := 1
	for c := 3; c > 1; c-- {
		if _, _, _, ok := layout(c); ok {
			cols = c
			break
		}
	}
	kws, dws, rows, _ := layout(cols)
	out := make([]string, 0, rows)
	for r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for c := range cols {
			i := c*rows + r
			if i >= len(es) {
				break
			}
			e := es[i]
			cell := m.styles.HelpKey.Render(e.k) + strings.Repeat(" ", kws[c]-ansi.StringWidth(e.k)+2) + m.styles.HelpDesc.Render(e.d)
			if c < cols-1 {
				cell = fit(cell, kws[c]+2+dws[c]+gap)
			}
			b.WriteString(cell)
		}
		out = append(out, b.String())
	}
	return out
}

// helpView is the visible part of the key overlay in h lines, from
// m.helpOffset, with a position line when it does not fit.
func (m *Model) helpView(w, h int) string {
	lines := m.helpLines(w)
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	h = max(h-1, 1) // the last line says where we are
	off := min(max(m.helpOffset, 0), len(lines)-h)
	vis := append([]string{}, lines[off:off+h]...)
	pos := "↓ j/pgdn for more"
	if off+h >= len(lines) {
		pos = "end · k/pgup/home to go back"
	}
	vis = append(vis, m.styles.Muted.Render(fmtPos(off, h, len(lines))+" · "+pos))
	return strings.Join(vis, "\n")
}

// fmtPos is "lines 1–12 of 40".
func fmtPos(off, h, n int) string {
	return fmt.Sprintf("lines %d–%d of %d", off+1, min(off+h, n), n)
}
