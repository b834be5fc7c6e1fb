package form

import "charm.land/bubbles/v2/key"

// KeyMap is the form's own keys: the pickers (network type, body
// encoding), the rows of the extra fields and headers, and the two prompts
// (sign the UID, import a curl line). Field movement, sending and the other
// actions belong to the root key map.
type KeyMap struct {
	PickPrev key.Binding
	PickNext key.Binding
	// AddRow inserts an extra-field or header row; RemoveRow deletes one.
	AddRow    key.Binding
	RemoveRow key.Binding
	// Sign asks for the account secret and fills the UID signature and
	// its timestamp; ImportCurl asks for a "copy as cURL" line.
	Sign       key.Binding
	ImportCurl key.Binding
	// Undo takes back the last edit: the focused text field's, or a revert
	// or a removed row, whichever is newer.
	Undo key.Binding
	// Submit and Cancel answer an open prompt.
	Submit key.Binding
	Cancel key.Binding
}

// DefaultKeyMap returns the form's keys. The row and prompt keys are
// function keys: no text field takes them and no other place of the
// console binds them.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		PickPrev:   key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "previous network")),
		PickNext:   key.NewBinding(key.WithKeys("right", "l", "space"), key.WithHelp("→/space", "next network")),
		AddRow:     key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "add field/header row")),
		RemoveRow:  key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "remove row")),
		Sign:       key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "sign UID (asks the account secret)")),
		ImportCurl: key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", "import a copied curl command")),
		Undo:       key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "undo (field edit, revert, removed row)")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Bindings is every form key, for the key overlay.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.PickNext, k.PickPrev, k.AddRow, k.RemoveRow, k.Sign, k.ImportCurl, k.Undo}
}

// keyName is how notes and notices name b's key: its help key.
func keyName(b key.Binding) string { return b.Help().Key }
