package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokens"
)

// Quitting while an activation runs: the activation is cancelled and the
// console stays up (responsive, showing "cancelling") until its last event
// brings the calls made so far, the run of polls included; it records them
// under the profile as any other ending would, then exits. The wait is
// bounded by activationQuitWait, after which what has arrived is recorded;
// quit pressed again exits at once.

// activationQuitWait bounds how long quitting waits for a cancelled
// activation's last event.
const activationQuitWait = 2 * time.Second

// activationQuitMsg says the wait for the last event of activation seq is
// over.
type activationQuitMsg struct{ seq int }

// quitActivation cancels the running activation on quit and waits for its
// last event; called again (quit pressed twice) it exits at once.
func (m *Model) quitActivation() (tea.Model, tea.Cmd) {
	a := m.act
	if a.quitting {
		return m, tea.Quit
	}
	a.quitting, a.cancelling = true, true
	a.cancel()
	a.screen.Step = "cancelling; its calls are recorded before quitting"
	seq := a.seq
	return m, m.after(activationQuitWait, func() tea.Msg { return activationQuitMsg{seq: seq} })
}

// handleActivationQuit records what the activation sent so far and exits
// when its last event did not arrive in time.
func (m *Model) handleActivationQuit(msg activationQuitMsg) (tea.Model, tea.Cmd) {
	if a := m.act; a != nil && a.seq == msg.seq && a.quitting {
		return m, m.recordAndQuit(a, nil)
	}
	return m, nil
}

// recordAndQuit records the activation's calls under its profile (saving
// done, when it finished after all) and then exits: one command, so the
// record completes before the program does and nothing reads the store
// after it. The console is closing, so a failed record has nowhere to be
// shown; the calls are then missing from the history.
func (m *Model) recordAndQuit(a *activationRun, done *tokens.Activated) tea.Cmd {
	m.act = nil
	if !a.cached || len(a.calls) == 0 {
		return tea.Quit
	}
	st, name, calls := m.deps.Store, a.profile, a.calls
	return func() tea.Msg {
		_ = st.RecordActivation(name, calls, done)
		return tea.Quit()
	}
}
