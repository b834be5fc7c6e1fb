package ui

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/activation"
	"github.com/authdeck/authdeck/ui/result"
	"github.com/authdeck/authdeck/ui/styles"
)

// Device activation in the console: the Activate key runs the flow of the
// form's request in a command (anonymous token, code, announce, polls,
// signed-in refresh) that streams its events back through a channel, one
// waitActivationCmd at a time, like the check. The activation view shows
// the code, the URL, a QR code where it fits, the countdown and the poll
// status; the preview beside it shows each call as sent (masked).

// Activator is what the console needs from a client to activate a device;
// *tokenclient.Client satisfies it, and so must the Sender that
// Deps.NewClient returns for the Activate key to work.
type Activator interface {
	PrepareRegCode(accessToken string) *tokenclient.Prepared
	RegCode(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, string, error)
	PrepareAnnounce(accessToken string, a tokenclient.Announce) *tokenclient.Prepared
	AnnounceCode(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error)
	Poll(ctx context.Context, o tokenclient.PollOptions) tokenclient.PollOutcome
}

var _ Activator = (*tokenclient.Client)(nil)

// activationEvent is one step of a running activation.
type activationEvent struct {
	step     string                 // what happens now, for the screen
	prepared *tokenclient.Prepared  // the call just made, for the preview
	call     *tokens.ActivationCall // the call to record in the history
	code     string                 // set once the code is announced
	url      string
	deadline time.Time
	poll     *tokenclient.PollEvent
	// end marks the last event: done on success, err on failure.
	end  bool
	done *tokens.Activated
	err  error
}

// activationEventMsg delivers an event of activation number seq.
type activationEventMsg struct {
	seq int
	ev  activationEvent
}

// activationTickMsg advances the countdown of activation number seq.
type activationTickMsg struct {
	seq int
	at  time.Time
}

// activationRecordedMsg says the activation was recorded (and saved).
type activationRecordedMsg struct {
	name  string
	saved bool
	err   error
}

// approvedMsg says how approving a code on the demo server went.
type approvedMsg struct {
	account string
	err     error
}

// activationRun is the activation in flight (or its failure on screen).
type activationRun struct {
	seq    int
	cancel context.CancelFunc
	events <-chan activationEvent
	screen activation.Screen
	calls  []tokens.ActivationCall
	// profile and cached: the activation belongs to the saved profile
	// (tokens.Own at the start), so it is recorded and saved there.
	profile string
	cached  bool
	// ended is true once the last event arrived; cancelling is true after
	// esc while waiting for it; quitting is true after quit while waiting
	// for it (the console exits once the calls are recorded).
	ended, cancelling, quitting bool
	// account is the demo account the approve key uses.
	account int
}

// startActivation runs the flow for the form's request.
func (m *Model) startActivation() (tea.Model, tea.Cmd) {
	if m.sending || m.act != nil {
		return m.setStatus(false, "a request is already in flight; esc cancels it")
	}
	act, ok := m.client.(Activator)
	if !ok {
		return m.setStatus(true, "this client cannot run a device activation")
	}
	if !m.form.Validate() {
		return m.setStatus(true, problemsText(m.form.ProblemCount()))
	}
	m.activationSeq++
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan activationEvent, 16)
	st := m.formState()
	m.act = &activationRun{
		seq: m.activationSeq, cancel: cancel, events: events, profile: m.profile,
		cached: m.deps.Store != nil && m.profile != "" && tokens.Own(m.loaded.endpoint, m.loaded.req, st.endpoint, st.req),
		screen: activation.Screen{Step: "getting an anonymous token", Now: m.clock(),
			CancelKey: m.keys.Cancel.Help().Key},
	}
	if d := m.deps.Demo; d != nil && d.Approve != nil && len(d.Accounts) > 0 {
		m.act.account = max(indexOf(d.Accounts, "premium"), 0)
		m.act.screen.Demo = d.Accounts[m.act.account]
		m.act.screen.DemoKeys = m.keys.DemoApprove.Help().Key + " approve · " + m.keys.DemoAccount.Help().Key + " account"
	}
	m.status = ""
	page := tokenclient.ActivationPage(st.endpoint)
	return m, tea.Batch(
		runActivationCmd(ctx, m.client, act, st.req, page, m.deps.PollInterval, events),
		waitActivationCmd(m.act.seq, events),
		m.after(time.Second, func() tea.Msg { return activationTickMsg{seq: m.activationSeq, at: m.deps.Now()} }),
	)
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// handleActivationKey handles a key press while the activation view is up.
func (m *Model) handleActivationKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	a, k := m.act, m.keys
	switch {
	case key.Matches(msg, k.Cancel) && a.ended:
		m.act = nil // close the failure
		m.updatePreview()
		return m, nil
	case key.Matches(msg, k.Cancel):
		a.cancel()
		a.cancelling = true
		a.screen.Step = "cancelling"
		return m, nil
	case a.screen.Demo != "" && key.Matches(msg, k.DemoAccount):
		d := m.deps.Demo
		a.account = (a.account + 1) % len(d.Accounts)
		a.screen.Demo = d.Accounts[a.account]
		return m, nil
	case a.screen.Demo != "" && key.Matches(msg, k.DemoApprove) && a.screen.Code != "":
		d, code, account := m.deps.Demo, a.screen.Code, a.screen.Demo
		return m, func() tea.Msg {
			return approvedMsg{account: account, err: d.Approve(context.Background(), code, account)}
		}
	}
	return m, nil
}

// handleApproved says how the demo approval went.
func (m *Model) handleApproved(msg approvedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m.setStatus(true, "approving the code failed: "+msg.err.Error())
	}
	return m.setStatus(false, styles.SymbolOK+" approved as "+msg.account+" on the demo server; the next poll signs in")
}

// handleActivationEvent applies one event of the running activation.
func (m *Model) handleActivationEvent(msg activationEventMsg) (tea.Model, tea.Cmd) {
	a := m.act
	if a == nil || msg.seq != a.seq {
		return m, nil
	}
	ev := msg.ev
	if ev.step != "" {
		a.screen.Step = ev.step
	}
	if ev.prepared != nil {
		m.preview.Set(m.form.Request().DeviceInfo, ev.prepared, false)
	}
	if ev.call != nil {
		a.calls = append(a.calls, *ev.call)
	}
	if ev.code != "" {
		a.screen.Code, a.screen.URL, a.screen.Deadline = ev.code, ev.url, ev.deadline
		a.screen.Now = m.clock()
	}
	if p := ev.poll; p != nil {
		status, text := 0, ""
		var el time.Duration
		if p.Result != nil {
			status, text, el = p.Result.Status, http.StatusText(p.Result.Status), p.Result.Timing.Total
		}
		a.screen.Polls = p.N
		a.screen.Last = activation.LastPoll(status, text, el, p.Err != nil)
		a.screen.Partial = p.Partial
	}
	if !ev.end {
		return m, waitActivationCmd(a.seq, a.events)
	}
	a.ended = true
	if a.quitting {
		return m, m.recordAndQuit(a, ev.done)
	}
	var cmds []tea.Cmd
	if a.cached && len(a.calls) > 0 {
		cmds = append(cmds, recordActivationCmd(m.deps.Store, a.profile, a.calls, ev.done))
	}
	switch {
	case ev.done != nil:
		at := m.clock()
		res := ev.done.Result
		m.result.StartSending(result.KindRefresh, "POST "+m.form.Endpoint()+tokenclient.RefreshPath, at)
		m.result.Finish(res, nil, at)
		m.refreshToken = res.Token.RefreshToken
		m.shownProfile = a.profile
		m.rememberToken(a.profile, res.Token.AccessToken, at)
		m.act = nil
		m.focus = focusResult
		m.previewRefresh = false
		m.updatePreview()
		word := styles.SymbolOK + " signed in by activation"
		switch {
		case a.cached:
			word += " · saving to profile " + a.profile
		case m.deps.Store != nil && a.profile != "":
			word += " · not saved: the form differs from saved profile " + a.profile
		}
		_, st := m.setStatus(false, word)
		cmds = append(cmds, st, m.ensureTicking())
	case errors.Is(ev.err, context.Canceled) || a.cancelling:
		m.act = nil
		m.updatePreview()
		_, st := m.setStatus(false, styles.SymbolCancel+" activation cancelled; nothing was saved")
		cmds = append(cmds, st)
	default:
		a.screen.Problem = ev.err.Error()
	}
	return m, tea.Batch(cmds...)
}

// handleActivationTick advances the countdown once a second.
func (m *Model) handleActivationTick(msg activationTickMsg) (tea.Model, tea.Cmd) {
	a := m.act
	if a == nil || msg.seq != a.seq || a.ended {
		return m, nil
	}
	m.now = msg.at
	a.screen.Now = msg.at
	seq, now := a.seq, m.deps.Now
	return m, m.after(time.Second, func() tea.Msg { return activationTickMsg{seq: seq, at: now()} })
}

// handleActivationRecorded reloads the profile the activation was saved
// to, so the form shows its uid or partner fields.
func (m *Model) handleActivationRecorded(msg activationRecordedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m.setStatus(true, "activation not saved to the profile: "+msg.err.Error())
	}
	if !msg.saved || m.profile != msg.name || m.dirty() {
		return m, listCmd(m.deps.Store)
	}
	load := loadCmd(m.deps.Store, msg.name)
	return m, func() tea.Msg {
		lm := load()
		if l, ok := lm.(profileLoadedMsg); ok {
			l.note = styles.SymbolOK + " signed in by activation · saved to profile " + msg.name
			return l
		}
		return lm
	}
}

// runActivationCmd runs the whole flow, sending each step to events; the
// last event has end set. It stops early when ctx is cancelled.
func runActivationCmd(ctx context.Context, s Sender, c Activator, req tokenclient.TokenRequest, page string,
	interval time.Duration, events chan<- activationEvent) tea.Cmd {
	return func() tea.Msg {
		send := func(ev activationEvent) {
			select {
			case events <- ev:
			case <-ctx.Done():
				// A cancelled run still delivers its last event and the calls
				// it made (the run of polls included), to be recorded: the
				// console reads events until the last one, and after a cancel
				// at most two follow, for which the buffer has room.
				if ev.end || ev.call != nil {
					events <- ev
				}
			}
		}
		fail := func(step tokenclient.ActivationStep, call string, err error) {
			var se *tokenclient.StepError
			if !errors.As(err, &se) {
				err = &tokenclient.StepError{Step: step, Call: call, Err: err}
			}
			send(activationEvent{end: true, err: err})
		}
		record := func(kind string, sent *tokenclient.Prepared, res *tokenclient.Result, err error, start time.Time) *tokens.ActivationCall {
			return &tokens.ActivationCall{Kind: kind, Sent: sent, Result: res, Err: err, Elapsed: time.Since(start), At: start}
		}
		anon := tokenclient.WithActivation(req, tokenclient.IDPNFL, tokenclient.Record{})
		p := s.PrepareIssue(anon)
		start := time.Now()
		anonRes, err := s.Send(ctx, p)
		send(activationEvent{step: "getting a registration code", prepared: p, call: record(store.KindIssue, p, anonRes, err, start)})
		if err != nil {
			fail(tokenclient.StepToken, "POST "+tokenclient.IssuePath, err)
			return nil
		}
		bearer := anonRes.Token.AccessToken
		p = c.PrepareRegCode(bearer)
		start = time.Now()
		res, code, err := c.RegCode(ctx, p)
		send(activationEvent{step: "announcing the code", prepared: p, call: record(tokens.KindRegCode, p, res, err, start)})
		if err != nil {
			fail(tokenclient.StepRegCode, "", err)
			return nil
		}
		ttl := tokenclient.DefaultActivationTTL
		p = c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: code, DeviceID: req.DeviceID, TTL: ttl})
		start = time.Now()
		res, err = c.AnnounceCode(ctx, p)
		deadline := start.Add(ttl)
		ev := activationEvent{step: "waiting for the person", prepared: p, call: record(tokens.KindAnnounce, p, res, err, start)}
		if err == nil {
			ev.code, ev.url, ev.deadline = code, tokenclient.ActivationURL(page, code), deadline
		}
		send(ev)
		if err != nil {
			fail(tokenclient.StepAnnounce, "", err)
			return nil
		}
		var last tokenclient.PollEvent
		out := c.Poll(ctx, tokenclient.PollOptions{AccessToken: bearer, RegCode: code, Interval: interval, Deadline: deadline,
			OnPoll: func(e tokenclient.PollEvent) {
				last = e
				send(activationEvent{prepared: e.Prepared, poll: &e})
			}})
		if out.Polls > 0 {
			var el time.Duration
			if last.Result != nil {
				el = last.Result.Timing.Total
			}
			var pollErr error
			if out.Reason != tokenclient.StopActivated {
				pollErr = out.Err
			}
			send(activationEvent{step: "signing in", call: &tokens.ActivationCall{Kind: tokens.KindPoll, Sent: last.Prepared, Result: last.Result,
				Err: pollErr, Elapsed: el, Polls: out.Polls}})
		}
		if out.Reason != tokenclient.StopActivated {
			send(activationEvent{end: true, err: out.Err})
			return nil
		}
		signed := tokenclient.WithActivation(req, tokenclient.IDPNFL, out.Record)
		p = s.PrepareRefresh(tokenclient.RefreshRequest{TokenRequest: signed, RefreshToken: anonRes.Token.RefreshToken})
		start = time.Now()
		res, err = s.Send(ctx, p)
		send(activationEvent{prepared: p, call: record(store.KindRefresh, p, res, err, start)})
		if err != nil {
			fail(tokenclient.StepRefresh, "POST "+tokenclient.RefreshPath, err)
			return nil
		}
		send(activationEvent{end: true, done: &tokens.Activated{Signed: signed, Result: res}})
		return nil
	}
}

// waitActivationCmd delivers the next event of activation seq.
func waitActivationCmd(seq int, events <-chan activationEvent) tea.Cmd {
	return func() tea.Msg { return activationEventMsg{seq: seq, ev: <-events} }
}

// recordActivationCmd records the calls under the profile and, with done,
// saves the activation to it.
func recordActivationCmd(s Store, name string, calls []tokens.ActivationCall, done *tokens.Activated) tea.Cmd {
	return func() tea.Msg {
		return activationRecordedMsg{name: name, saved: done != nil, err: s.RecordActivation(name, calls, done)}
	}
}

// activationBody draws the activation view: over the whole body without a
// frame when the panes are stacked (so a QR code fits 80x24), beside the
// preview (the calls as sent) when wide.
func (m *Model) activationBody(s screen) string {
	a := m.act
	if !m.wide() {
		lines := strings.Split(a.screen.Render(s.body.w-2, s.body.h, m.styles), "\n")
		for len(lines) < s.body.h {
			lines = append(lines, "")
		}
		for i, l := range lines {
			lines[i] = fit(" "+l, m.width)
		}
		return strings.Join(lines, "\n")
	}
	total := s.form.w + s.right.w
	left := min(max(total*3/5, 64), total-30)
	iw, ih := inner(left, s.form.h)
	framed := a.screen
	framed.Framed = true
	out := joinColumns(m.pane("Activate a device", framed.Render(iw, ih, m.styles), left, s.form.h, true),
		m.pane("Preview", m.preview.View(), total-left, s.form.h, false))
	if s.side.w > 0 {
		out = joinColumns(m.frame("", m.profiles.View(), s.side.w, s.side.h, false), out)
	}
	return out
}
