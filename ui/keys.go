package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"

	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/profiles"
)

// KeyMap is every key of the console, declared once.
type KeyMap struct {
	Quit key.Binding
	// Help opens the key overlay from anywhere; HelpAlt opens it where no
	// text field would take the key; CloseHelp closes it.
	Help      key.Binding
	HelpAlt   key.Binding
	CloseHelp key.Binding
	Next      key.Binding
	Prev      key.Binding
	Enter     key.Binding
	Send      key.Binding
	Refresh   key.Binding
	Cancel    key.Binding
	Reveal    key.Binding
	NewID     key.Binding
	Detect    key.Binding
	Preset    key.Binding
	Output    key.Binding
	Back      key.Binding
	Raw       key.Binding
	Full      key.Binding
	// Top and Bottom jump to the start and end of the result (and of the
	// key overlay).
	Top    key.Binding
	Bottom key.Binding
	// CopyTok copies the token in the result view; CopyTokAny anywhere.
	CopyTok    key.Binding
	CopyTokAny key.Binding
	CopyAuth   key.Binding
	CopyCurl   key.Binding
	// Profiles opens the profiles pane from anywhere (and closes it).
	Profiles key.Binding
	// Save saves the form from anywhere: over the loaded profile, or
	// through the "save as" prompt when the form is a new profile. SaveAs
	// always asks for a name. They are the pane's SaveOver and SaveAs.
	Save   key.Binding
	SaveAs key.Binding
	// Revert puts the form back to the loaded profile's saved values (or
	// a new profile's starting values), discarding the unsaved edits.
	Revert key.Binding
	// PreviewKind switches the preview (and the curl copy) between the
	// issue request and the refresh request.
	PreviewKind key.Binding
	// Search opens the search prompt of the result (or, from the form, of
	// the preview); NextMatch and PrevMatch move between its matches.
	Search    key.Binding
	NextMatch key.Binding
	PrevMatch key.Binding
	// SearchDone keeps the typed search, SearchCancel clears it,
	// SearchErase deletes its last character.
	SearchDone   key.Binding
	SearchCancel key.Binding
	SearchErase  key.Binding
	// Pager opens the raw response or the claims in $PAGER, Editor in
	// $EDITOR; Diff compares the shown token's claims with the previous
	// token of the same profile; AutoRefresh turns auto-refresh on or off.
	Pager       key.Binding
	Editor      key.Binding
	Diff        key.Binding
	AutoRefresh key.Binding
	// Activate starts a device activation of the form's request; in its
	// view, on a demo server, DemoApprove approves the code as the demo
	// account DemoAccount cycles through.
	Activate    key.Binding
	DemoApprove key.Binding
	DemoAccount key.Binding
	Form        form.KeyMap
	Scroll      viewport.KeyMap
	// Pane is the profiles pane's keys; its Confirm keys also answer the
	// root's own questions (unsaved edits when quitting).
	Pane profiles.KeyMap
}

// DefaultKeyMap returns the console's keys.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	pane := profiles.DefaultKeyMap()
	return KeyMap{
		Quit:         b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:         b([]string{"f1"}, "F1", "all keys"),
		HelpAlt:      b([]string{"?"}, "?", "all keys"),
		CloseHelp:    b([]string{"esc", "q", "f1", "?"}, "esc/F1", "close help"),
		Next:         b([]string{"tab", "down"}, "tab/↓", "next field"),
		Prev:         b([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
		Enter:        b([]string{"enter"}, "enter", "next; the last field sends"),
		Send:         b([]string{"ctrl+s"}, "ctrl+s", "send"),
		Refresh:      b([]string{"ctrl+r"}, "ctrl+r", "refresh token"),
		Cancel:       b([]string{"esc"}, "esc", "cancel request"),
		Reveal:       b([]string{"ctrl+x"}, "ctrl+x", "show/hide secret"),
		NewID:        b([]string{"ctrl+g"}, "ctrl+g", "new device id"),
		Detect:       b([]string{"ctrl+d"}, "ctrl+d", "re-detect device"),
		Preset:       b([]string{"ctrl+t"}, "ctrl+t", "next preset"),
		Output:       b([]string{"ctrl+o"}, "ctrl+o", "form ⇄ result"),
		Back:         b([]string{"esc", "tab", "shift+tab"}, "esc", "back to form"),
		Raw:          b([]string{"r"}, "r", "raw response"),
		Full:         b([]string{"f"}, "f", "full token"),
		Top:          b([]string{"home", "g"}, "home/g", "top"),
		Bottom:       b([]string{"end", "G"}, "end/G", "bottom"),
		CopyTok:      b([]string{"c"}, "c", "copy token"),
		CopyTokAny:   b([]string{"ctrl+y"}, "ctrl+y", "copy token (anywhere)"),
		CopyAuth:     b([]string{"a"}, "a", "copy auth header"),
		CopyCurl:     b([]string{"u"}, "u", "copy curl"),
		Profiles:     b([]string{"ctrl+p"}, "ctrl+p", "profiles"),
		Save:         withDesc(pane.SaveOver, "save"),
		SaveAs:       pane.SaveAs,
		Revert:       b([]string{"f10", "alt+z"}, "F10/alt+z", "revert form to saved"),
		PreviewKind:  b([]string{"alt+r"}, "alt+r", "preview issue ⇄ refresh request"),
		Search:       b([]string{"/", "ctrl+f"}, "/ ctrl+f", "search"),
		NextMatch:    b([]string{"n"}, "n", "next match"),
		PrevMatch:    b([]string{"N"}, "N", "previous match"),
		SearchDone:   b([]string{"enter"}, "enter", "keep the search"),
		SearchCancel: b([]string{"esc"}, "esc", "clear the search"),
		SearchErase:  b([]string{"backspace"}, "backspace", "erase"),
		Pager:        b([]string{"p"}, "p", "open in $PAGER"),
		Editor:       b([]string{"e"}, "e", "open in $EDITOR"),
		Diff:         b([]string{"d"}, "d", "claims vs previous token"),
		AutoRefresh:  b([]string{"t"}, "t", "auto-refresh on/off"),
		Activate:     b([]string{"alt+d"}, "alt+d", "activate a device (code, URL, QR)"),
		DemoApprove:  b([]string{"a"}, "a", "approve the code (demo server)"),
		DemoAccount:  b([]string{"tab"}, "tab", "next demo account"),
		Form:         form.DefaultKeyMap(),
		Pane:         pane,
		Scroll: viewport.KeyMap{
			PageDown: b([]string{"pgdown"}, "pgdn", "page down"),
			PageUp:   b([]string{"pgup"}, "pgup", "page up"),
			Down:     b([]string{"down", "j"}, "↓/j", "scroll"),
			Up:       b([]string{"up", "k"}, "↑/k", "scroll"),
		},
	}
}
