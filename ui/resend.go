package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/profiles"
)

// resentMsg is the outcome of sending a recorded call again.
type resentMsg struct {
	name   string
	result tokens.CheckResult
	err    error
}

// startResend sends a recorded call of a profile again, from the profile's
// current saved values and secrets (read by the tokens workflow, never
// from the masked copy in the history): an issue as a fresh token, a
// refresh with the cached refresh token. It is one request, recorded in
// the history like any other.
func (m *Model) startResend(msg profiles.ResendMsg) (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		m.profiles.SetError(errNoStore)
		return m, nil
	}
	opts := tokens.CheckOptions{Now: m.deps.Now, MaxRetryWait: -1, Fresh: msg.Kind != store.KindRefresh, ForceRefresh: msg.Kind == store.KindRefresh}
	return m, resendCmd(m.deps.Store, msg.Name, opts, m.deps.NewClient, m.deps.Timeout)
}

// resendCmd runs the one request of startResend.
func resendCmd(s Store, name string, opts tokens.CheckOptions, newClient func(string, time.Duration) Sender, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		issuerFor := func(endpoint string) tokens.Issuer {
			c := newClient(endpoint, timeout)
			if is, ok := c.(tokens.Issuer); ok {
				return is
			}
			return senderIssuer{c}
		}
		var got tokens.CheckResult
		err := s.Check(context.Background(), []string{name}, opts, issuerFor, func(r tokens.CheckResult) { got = r })
		return resentMsg{name: name, result: got, err: err}
	}
}

// handleResent says how the call went and reloads the history, where the
// new call is the newest entry.
func (m *Model) handleResent(msg resentMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.profiles.SetError(msg.err)
	case msg.result.OK():
		m.profiles.SetNotice("sent again: " + tokens.Describe(msg.result))
	default:
		m.profiles.SetNotice("sent again: " + tokens.Describe(msg.result) + " (newest in the history)")
	}
	return m, historyCmd(m.deps.Store, msg.name)
}
