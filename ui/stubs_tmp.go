package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/profiles"
)

func saveOverMsg(name string) profiles.SaveOverMsg       { return profiles.SaveOverMsg{Name: name} }
func (m *Model) toggleAutoRefresh() (tea.Model, tea.Cmd) { return m, nil }
func (m *Model) autoLine() string                        { return "" }
