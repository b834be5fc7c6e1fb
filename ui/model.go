// Package ui is the authdeck console: one root Bubble Tea model (Model) that
// owns the form, the preview, the result view and, later, the profiles pane.
// Build it with New(Deps) and run it with tea.NewProgram or Run.
package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

// Model is the root model of the console.
type Model struct {
	deps   Deps
	styles styles.Styles
	width  int
	height int
}

// New builds the console from its dependencies, filling defaults for nil
// funcs. It does no I/O: detection and loading run as commands after the
// first frame.
func New(d Deps) Model {
	if d.NewClient == nil {
		d.NewClient = func(baseURL string, timeout time.Duration) Sender {
			return tokenclient.New(tokenclient.Options{BaseURL: baseURL, Timeout: timeout})
		}
	}
	if d.Detect == nil {
		d.Detect = device.Detect
	}
	if d.NewDeviceID == nil {
		d.NewDeviceID = uuid.NewString
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Timeout == 0 {
		d.Timeout = tokenclient.DefaultTimeout
	}
	return Model{deps: d, styles: styles.New(true)}
}

// Init asks for the background colour and starts detection and loading.
func (m Model) Init() tea.Cmd {
	return tea.RequestBackgroundColor
}

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.styles = styles.New(msg.IsDark())
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	return m, nil
}

// View renders the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.styles.Title.Render("authdeck"))
	v.AltScreen = true
	return v
}
