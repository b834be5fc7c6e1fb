// Package result is the console's output pane: the request in flight with
// its spinner, then the outcome — the issued token with its decoded JWT and
// live countdown, or the failure in plain words.
package result

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/pager"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// State is what the pane shows.
type State int

// The pane's states.
const (
	Idle      State = iota // nothing sent yet
	Sending                // a request is in flight
	Cancelled              // the user cancelled the request in flight
	Done                   // a response (or an error) came back
)

// CallKind is the kind of call the pane shows. Its values are the store's
// history kinds (store.KindIssue, store.KindRefresh).
type CallKind string

// The calls.
const (
	KindIssue   CallKind = "issue"   // a token request
	KindRefresh CallKind = "refresh" // a refresh with the refresh token
)

// vp is the pager the pane scrolls and searches in, embedded under this
// name so that its methods (ScrollDown, Search, Position, ...) are the
// pane's.
type vp = pager.Model

// Model is the result pane.
type Model struct {
	styles styles.Styles
	loc    *time.Location
	vp     // scrolling and search: the pager's methods are the pane's

	state    State
	kind     CallKind
	target   string // "POST http://…/identity/v3/token"
	started  time.Time
	received time.Time
	now      time.Time
	spinner  string

	res *tokenclient.Result
	err error
	jwt tokenclient.JWT

	cached   bool // the token came with a loaded profile
	showRaw  bool
	showFull bool
	// rawLine, fullLine and diffLine are the content lines where the raw
	// response, the full token and the claims diff start (set by render).
	rawLine, fullLine, diffLine int
	// diff is the claims comparison on screen (d), nil when none.
	diff *claimsDiff
	// skew is the server's clock minus this computer's, measured on the
	// response (tokenclient.ClockSkew); skewed is true when it is over
	// tokenclient.SkewThreshold: the countdown then uses server time.
	skew   time.Duration
	skewed bool
}

// New returns an idle result pane showing times in loc.
func New(st styles.Styles, loc *time.Location) Model {
	var vp pager.Model
	vp.SetMatchStyles(styles.Match(st))
	if loc == nil {
		loc = time.Local
	}
	m := Model{styles: st, vp: vp, loc: loc}
	m.render()
	return m
}

// SetStyles applies styles and re-renders.
func (m *Model) SetStyles(st styles.Styles) {
	m.styles = st
	m.vp.SetMatchStyles(styles.Match(st))
	m.render()
}

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) {
	m.vp.SetSize(w, h)
	m.render()
}

// StartSending shows a request in flight. target is "METHOD URL".
func (m *Model) StartSending(kind CallKind, target string, started time.Time) {
	m.state, m.kind, m.target, m.started, m.now = Sending, kind, target, started, started
	m.res, m.err, m.showRaw, m.showFull, m.cached, m.diff = nil, nil, false, false, false, nil
	m.vp.GotoTop()
	m.render()
}

// SetSpinner updates the spinner frame shown while sending.
func (m *Model) SetSpinner(frame string) {
	m.spinner = frame
	if m.state == Sending {
		m.render()
	}
}

// Cancel shows that the request in flight was cancelled at now.
func (m *Model) Cancel(now time.Time) {
	m.state, m.now = Cancelled, now
	m.render()
}

// Finish shows a call's outcome: res may be nil (no response) and err nil
// (success). received is when the answer arrived.
func (m *Model) Finish(res *tokenclient.Result, err error, received time.Time) {
	m.state, m.res, m.err, m.received, m.now, m.cached, m.diff = Done, res, err, received, received, false, nil
	m.jwt = tokenclient.JWT{}
	m.skew, m.skewed = 0, false
	if off, ok := tokenclient.ClockSkew(res); ok {
		_, m.skewed = tokenclient.ExplainSkew(off)
		m.skew = off
	}
	if err == nil && res != nil {
		m.jwt = tokenclient.DecodeJWT(res.Token.AccessToken)
	}
	m.vp.GotoTop()
	m.render()
}

// ShowCached shows a token loaded with a profile (no call was made).
func (m *Model) ShowCached(tok tokenclient.TokenResponse, exp tokenclient.Expiry, now time.Time) {
	m.state, m.kind, m.cached, m.diff = Done, KindIssue, true, nil
	m.skew, m.skewed = 0, false
	m.res = &tokenclient.Result{Token: tok, Expiry: exp}
	m.err, m.received, m.now = nil, now, now
	m.jwt = tokenclient.DecodeJWT(tok.AccessToken)
	m.render()
}

// Tick moves the clock for the countdowns and elapsed time.
func (m *Model) Tick(now time.Time) {
	m.now = now
	m.render()
}

// ToggleRaw shows or hides the raw response body; shown, it is scrolled
// into view. It does nothing when there is no response (HasResponse).
func (m *Model) ToggleRaw() {
	if !m.HasResponse() {
		return
	}
	m.showRaw = !m.showRaw
	m.render()
	if m.showRaw {
		m.vp.ShowLine(m.rawLine)
	}
}

// ToggleFull shows or hides the full access token; shown, it is scrolled
// into view. It does nothing without a token.
func (m *Model) ToggleFull() {
	if m.Token() == nil {
		return
	}
	m.showFull = !m.showFull
	m.render()
	if m.showFull {
		m.vp.ShowLine(m.fullLine)
	}
}

// HasResponse reports whether a response was received (and so r has a raw
// body to show): not while sending, not after a network error, not for a
// token loaded with a profile.
func (m *Model) HasResponse() bool {
	return m.state == Done && m.res != nil && !m.cached && (m.res.Status != 0 || len(m.res.Raw) > 0)
}

// State is what the pane shows.
func (m *Model) State() State { return m.state }

// Kind is the kind of the last call.
func (m *Model) Kind() CallKind { return m.kind }

// Token is the token of the last successful call, nil when none.
func (m *Model) Token() *tokenclient.TokenResponse {
	if m.state != Done || m.err != nil || m.res == nil {
		return nil
	}
	return &m.res.Token
}

// Err is the error of the last call, nil on success.
func (m *Model) Err() error { return m.err }

// Ticking reports whether a countdown (token expiry or Retry-After) or an
// elapsed time is on screen, so the root keeps its one-second tick going.
func (m *Model) Ticking() bool {
	switch m.state {
	case Done:
		if t := m.Token(); t != nil {
			return m.Remaining(m.now) > 0
		}
		if at, ok := m.retryAt(); ok {
			return m.now.Before(at)
		}
	}
	return false
}

// Elapsed is how long the request has been (or was) in flight.
func (m *Model) Elapsed() time.Duration { return m.now.Sub(m.started) }

// ExpiresAt is when the shown token expires; ok is false without a token.
func (m *Model) ExpiresAt() (at time.Time, ok bool) {
	if m.Token() == nil {
		return time.Time{}, false
	}
	return m.res.Expiry.At, true
}

// Export is the text to open in a pager or editor: the raw response when
// it is shown (r), otherwise the decoded token (what it grants, the JWT
// header, claims and their dates), otherwise the raw response. The refresh token is masked
// as on screen and control characters are removed. what names it; ok is
// false when there is nothing to export.
func (m *Model) Export() (text, what string, ok bool) {
	raw := func() string {
		body := maskRefresh(string(m.res.Raw), m.res.Token.RefreshToken)
		var out bytes.Buffer
		if json.Indent(&out, []byte(body), "", "  ") == nil {
			body = out.String()
		}
		return sanitize.Text(strings.TrimRight(body, "\n")) + "\n"
	}
	switch {
	case m.showRaw && m.HasResponse():
		return raw(), "raw response", true
	case m.Token() != nil && m.jwt.IsJWT:
		var b strings.Builder
		// What the token grants comes first, as on screen, without styles.
		var acc strings.Builder
		m.renderAccess(&acc)
		b.WriteString(ansi.Strip(acc.String()) + "\n")
		b.WriteString("JWT header\n")
		b.WriteString(indent(sanitize.Bytes(m.jwt.Header)) + "\n\nJWT claims\n")
		b.WriteString(indent(sanitize.Bytes(m.jwt.Claims)) + "\n\n")
		for _, c := range []struct {
			name string
			t    *time.Time
		}{{"iat (issued)", m.jwt.IssuedAt}, {"nbf (not before)", m.jwt.NotBefore}, {"exp (expires)", m.jwt.ExpiresAt}} {
			if c.t != nil {
				fmt.Fprintf(&b, "%-17s %s\n", c.name, c.t.In(m.loc).Format(dateTime))
			}
		}
		return b.String(), "decoded claims", true
	case m.HasResponse():
		return raw(), "raw response", true
	}
	return "", "", false
}

// Remaining is how long the shown token has left at local time now, by the
// server's clock when it is measurably off (an absolute expiry is the
// server's time; a relative one was counted from receipt here). It is 0
// without a token.
func (m *Model) Remaining(now time.Time) time.Duration {
	if m.Token() == nil {
		return 0
	}
	if m.skewed && !m.res.Expiry.Relative {
		now = now.Add(m.skew)
	}
	return m.res.Expiry.At.Sub(now)
}

// ClockSkew is the server's clock minus this computer's as measured on the
// shown response; ok is false unless it is over tokenclient.SkewThreshold.
func (m *Model) ClockSkew() (offset time.Duration, ok bool) { return m.skew, m.skewed }
