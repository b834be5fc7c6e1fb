package form

import "charm.land/bubbles/v2/key"

// KeyMap is the form's own keys: the network type picker. Field movement,
// sending and the other actions belong to the root key map.
type KeyMap struct {
	PickPrev key.Binding
	PickNext key.Binding
}

// DefaultKeyMap returns the picker keys: ←/→ and space.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		PickPrev: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "previous network")),
		PickNext: key.NewBinding(key.WithKeys("right", "l", "space"), key.WithHelp("→/space", "next network")),
	}
}
