package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/profiles"
)

// The check from the profiles pane: the pane's Check keys
// ask for profiles.CheckMsg; the root runs tokens.Check in a command and
// streams each result back as a checkEventMsg through a channel, one
// waitCheckCmd at a time (re-issued after each event until the last).

// checkEvent is one message of a running check: a result, or the end
// (done, with Check's error).
type checkEvent struct {
	result tokens.CheckResult
	done   bool
	err    error
}

// checkEventMsg delivers an event of check number seq.
type checkEventMsg struct {
	seq int
	ev  checkEvent
}

// checkRun is the check in flight.
type checkRun struct {
	seq    int
	events <-chan checkEvent
	cancel context.CancelFunc
	// canceled is true once the user asked to stop it.
	canceled bool
}

// startCheck runs a check of names, unless one is running.
func (m *Model) startCheck(names []string) (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		m.profiles.SetError(errNoStore)
		return m, nil
	}
	if m.check != nil || len(names) == 0 {
		return m, nil
	}
	m.checkSeq++
	ctx, cancel := context.WithCancel(context.Background())
	// Buffered for every result and the end, so the check never blocks on
	// a console that stopped listening (it quit).
	events := make(chan checkEvent, len(names)+1)
	m.check = &checkRun{seq: m.checkSeq, events: events, cancel: cancel}
	m.profiles.StartCheck(names)
	return m, tea.Batch(runCheckCmd(ctx, m.deps.Store, names, m.deps.NewClient, m.deps.Timeout, m.deps.Now, events),
		waitCheckCmd(m.checkSeq, events))
}

// cancelCheck stops the check in flight; the results so far stay.
func (m *Model) cancelCheck() {
	if m.check != nil && !m.check.canceled {
		m.check.canceled = true
		m.check.cancel()
	}
}

// handleCheckEvent shows one event of the running check and waits for the
// next one.
func (m *Model) handleCheckEvent(msg checkEventMsg) (tea.Model, tea.Cmd) {
	if m.check == nil || msg.seq != m.check.seq {
		return m, nil
	}
	if !msg.ev.done {
		m.profiles.SetCheckResult(msg.ev.result)
		return m, waitCheckCmd(msg.seq, m.check.events)
	}
	m.check.cancel() // release the context
	m.profiles.EndCheck(m.check.canceled, msg.ev.err)
	m.check = nil
	// Tokens and last calls changed in state.db: show them.
	return m, listCmd(m.deps.Store)
}

// runCheckCmd checks names through s.Check, sending every result and then
// the end to events. It blocks until the check is over; it is a command,
// so that happens off the update loop.
func runCheckCmd(ctx context.Context, s Store, names []string, newClient func(string, time.Duration) Sender,
	timeout time.Duration, now func() time.Time, events chan<- checkEvent) tea.Cmd {
	return func() tea.Msg {
		issuerFor := func(endpoint string) tokens.Issuer {
			c := newClient(endpoint, timeout)
			if is, ok := c.(tokens.Issuer); ok {
				return is // the real client
			}
			return senderIssuer{c}
		}
		err := s.Check(ctx, names, tokens.CheckOptions{Now: now}, issuerFor, func(r tokens.CheckResult) {
			events <- checkEvent{result: r}
		})
		events <- checkEvent{done: true, err: err}
		close(events)
		return nil
	}
}

// waitCheckCmd waits for the next event of check seq.
func waitCheckCmd(seq int, events <-chan checkEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return nil
		}
		return checkEventMsg{seq: seq, ev: ev}
	}
}

// senderIssuer is a Sender as the store's Issuer: the check's requests go
// through the same client (and its masking) as the console's own.
type senderIssuer struct{ s Sender }

// Issue validates and sends a token request (as tokenclient.Client.Issue).
func (i senderIssuer) Issue(ctx context.Context, req tokenclient.TokenRequest) (*tokenclient.Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return i.s.Send(ctx, i.s.PrepareIssue(req))
}

// Refresh validates and sends a refresh request.
func (i senderIssuer) Refresh(ctx context.Context, req tokenclient.RefreshRequest) (*tokenclient.Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return i.s.Send(ctx, i.s.PrepareRefresh(req))
}

var _ tokens.Issuer = senderIssuer{}

// handleCheckMsg carries out the pane's check messages.
func (m *Model) handleCheckMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case profiles.CheckMsg:
		return m.startCheck(msg.Names)
	case profiles.CancelCheckMsg:
		m.cancelCheck()
	}
	return m, nil
}
