package profiles

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap is the profiles pane's keys. Printable keys are not bound: they type
// into the filter (or into a name prompt), so every action sits on a control,
// function or navigation key. The root passes DefaultKeyMap() (or its own
// variant) to New. A key means one thing across the console: the pane uses
// no key the form or the result gives another meaning (ctrl+s sends,
// ctrl+r refreshes, ctrl+o switches to the result, ctrl+d re-detects,
// ctrl+x shows the secret, ctrl+f searches); ctrl+w saves the form and F12
// saves it under a new name from anywhere.
type KeyMap struct {
	// Moving through the list (and through the history view).
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	// Actions on the list.
	Load      key.Binding // load the selected profile into the form
	SaveAs    key.Binding // save the form as a new profile (asks for a name)
	SaveOver  key.Binding // save the form over the loaded profile
	New       key.Binding // start a new blank profile (from detection)
	Rename    key.Binding // rename the selected profile (asks for a name)
	Duplicate key.Binding // copy the selected profile (asks for a name)
	Delete    key.Binding // delete the selected profile (asks first; default no)
	History   key.Binding // show the selected profile's history
	Repair    key.Binding // move a corrupt profiles file aside (asks first)
	// Check checks the selected profile (a token request, recorded in the
	// history); CheckAll checks every profile the filter shows.
	Check    key.Binding
	CheckAll key.Binding
	// Resend, in a call's details, sends that call again (issue or refresh)
	// with the profile's current saved values and secrets.
	Resend key.Binding

	// Submit confirms a name prompt; Back cancels a prompt, closes the
	// history, clears the filter, and otherwise closes the pane.
	Submit key.Binding
	Back   key.Binding

	// Confirm is the keys of confirmation prompts.
	Confirm ConfirmKeyMap
}

// DefaultKeyMap returns the pane's default keys.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Up:        b([]string{"up"}, "↑", "up"),
		Down:      b([]string{"down"}, "↓", "down"),
		PageUp:    b([]string{"pgup"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown"}, "pgdn", "page down"),
		Top:       b([]string{"home"}, "home", "first"),
		Bottom:    b([]string{"end"}, "end", "last"),
		Load:      b([]string{"enter"}, "enter", "load"),
		SaveAs:    b([]string{"f12"}, "F12", "save form as…"),
		SaveOver:  b([]string{"ctrl+w"}, "ctrl+w", "save form"),
		New:       b([]string{"ctrl+n"}, "ctrl+n", "new profile"),
		Rename:    b([]string{"f2"}, "F2", "rename"),
		Duplicate: b([]string{"f5"}, "F5", "duplicate"),
		Delete:    b([]string{"delete", "f8"}, "del/F8", "delete"),
		History:   b([]string{"ctrl+l"}, "ctrl+l", "history"),
		Repair:    b([]string{"f9"}, "F9", "repair profiles file"),
		Check:     b([]string{"alt+c"}, "alt+c", "check selected"),
		CheckAll:  b([]string{"alt+a"}, "alt+a", "check all shown"),
		Resend:    b([]string{"alt+s"}, "alt+s", "send this call again (in a call's details)"),
		Submit:    b([]string{"enter"}, "enter", "ok"),
		Back:      b([]string{"esc"}, "esc", "back"),
		Confirm:   DefaultConfirmKeyMap(),
	}
}

var _ help.KeyMap = Model{}

// ShortHelp is the keys for what the pane shows right now; the root's help
// bar shows it while the pane has the focus.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	switch m.mode {
	case modePrompt:
		verb := map[promptKind]string{promptSaveAs: "save", promptRename: "rename", promptDuplicate: "duplicate"}[m.prompt]
		return []key.Binding{withHelp(k.Submit, verb), withHelp(k.Back, "cancel")}
	case modeConfirm:
		return m.confirm.ShortHelp()
	case modeHistory:
		if m.histDetail {
			return []key.Binding{withHelp(k.Resend, "send again"), withHelp(k.Load, "load saved values into form"), withHelp(k.Up, "newer"),
				withHelp(k.Down, "older"), withHelp(k.Back, "back to calls")}
		}
		out := []key.Binding{k.Up, k.Down, k.PageDown}
		if _, ok := m.HistorySelected(); ok {
			out = append(out, withHelp(k.Submit, "details"))
		}
		return append(out, withHelp(k.Back, "back to list"))
	}
	out := []key.Binding{}
	if m.check.running {
		// The one way to stop it comes first.
		out = append(out, withHelp(k.Back, "cancel check"))
	}
	if m.repairable() {
		out = append(out, k.Repair)
	}
	if _, ok := m.Selected(); ok {
		out = append(out, k.Load, withHelp(k.Check, "check"), withHelp(k.CheckAll, "check all"))
	}
	out = append(out, k.SaveAs)
	if m.loaded != "" {
		out = append(out, k.SaveOver)
	}
	out = append(out, k.New)
	if _, ok := m.Selected(); ok {
		out = append(out, k.Rename, k.Duplicate, k.Delete, k.History)
	}
	if m.check.running {
		return out
	}
	back := withHelp(k.Back, "back to form")
	if m.filter.Value() != "" {
		back = withHelp(k.Back, "clear filter")
	}
	return append(out, back)
}

// FullHelp is every key of the pane, grouped by job.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Load, k.SaveAs, k.SaveOver, k.New},
		{k.Rename, k.Duplicate, k.Delete, k.History, k.Repair},
		{k.Check, k.CheckAll},
		{withHelp(k.Back, "cancel check / clear filter / back to form")},
	}
}

// withHelp is b with another description.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
