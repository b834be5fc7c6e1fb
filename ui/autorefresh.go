package ui

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/result"
	"github.com/authdeck/authdeck/ui/styles"
)

// DefaultAutoRefreshBefore is how long before expiry auto-refresh renews
// the shown token when Deps.AutoRefreshBefore is zero.
const DefaultAutoRefreshBefore = 60 * time.Second

// autoRefresh is the state of auto-refresh (the t key in the result).
type autoRefresh struct {
	on bool
	// firedFor is the access token a renewal was started for, so one
	// token is renewed once.
	firedFor string
	// inFlight is true while the request in flight is a renewal.
	inFlight bool
	// stopped says why auto-refresh turned itself off ("" when it did not).
	stopped string
	// count is how many renewals succeeded.
	count int
}

// toggleAutoRefresh turns auto-refresh on or off.
func (m *Model) toggleAutoRefresh() (tea.Model, tea.Cmd) {
	if m.auto.on {
		m.auto = autoRefresh{}
		return m.setStatus(false, "auto-refresh off")
	}
	if m.result.Token() == nil {
		return m.sendFirst("no token to keep fresh yet")
	}
	m.auto = autoRefresh{on: true}
	m, status := m.setStatus(false, "auto-refresh on: the shown token is renewed "+result.Countdown(m.deps.AutoRefreshBefore)+" before it expires, while the result is on screen")
	if next, cmd := m.autoRefreshDue(); cmd != nil {
		return next, tea.Batch(status, cmd)
	}
	return m, tea.Batch(status, m.ensureTicking())
}

// autoRefreshDue starts a renewal when auto-refresh is on, the user is
// looking at the result, nothing is in flight and the shown token is within
// Deps.AutoRefreshBefore of expiry: with the refresh token, or a new token
// request when there is none. It never renews a token that is not on
// screen (the form, the preview or the profiles pane in front).
func (m *Model) autoRefreshDue() (tea.Model, tea.Cmd) {
	t := m.result.Token()
	if !m.auto.on || m.sending || m.searching || m.focus != focusResult || m.showHelp || m.ask != nil || t == nil {
		return m, nil
	}
	if m.auto.firedFor == t.AccessToken || m.result.Remaining(m.now) > m.deps.AutoRefreshBefore {
		return m, nil
	}
	m.auto.firedFor = t.AccessToken
	var next tea.Model
	var cmd tea.Cmd
	if m.refreshToken != "" {
		next, cmd = m.refresh()
	} else {
		next, cmd = m.send()
	}
	if !m.sending { // the form did not validate: nothing was sent
		m.stopAutoRefresh("the form has problems: " + m.status)
		return next, cmd
	}
	m.auto.inFlight = true
	return next, cmd
}

// autoRefreshDone notes the outcome of a renewal: a failure stops
// auto-refresh and says why. So does a renewal whose new token already
// expires within Deps.AutoRefreshBefore: the server issues tokens that live
// shorter than the threshold, so every tick would renew again.
func (m *Model) autoRefreshDone(err error) {
	if !m.auto.inFlight {
		return
	}
	m.auto.inFlight = false
	if err != nil {
		m.stopAutoRefresh("the renewal failed: " + firstLine(err.Error()))
		return
	}
	m.auto.count++
	if m.result.Token() == nil {
		return
	}
	if life := m.result.Remaining(m.now); life <= m.deps.AutoRefreshBefore {
		// Short enough for the status line at 80 columns.
		m.stopAutoRefresh("the token lives " + tokens.Duration(life) +
			" but --auto-refresh-before is " + tokens.Duration(m.deps.AutoRefreshBefore))
	}
}

// stopAutoRefresh turns auto-refresh off, keeping why.
func (m *Model) stopAutoRefresh(why string) {
	m.auto = autoRefresh{stopped: why}
}

// autoLine is the status line when no message is shown: what auto-refresh
// is doing.
func (m *Model) autoLine() string {
	st := m.styles
	k := m.keys.AutoRefresh.Help().Key
	switch {
	case m.auto.stopped != "":
		return fit(st.StatusError.Render(styles.SymbolError+" auto-refresh stopped: "+m.auto.stopped+" ("+k+" in the result turns it on again)"), m.width)
	case m.auto.inFlight:
		return fit(st.Muted.Render("auto-refresh: renewing the token…"), m.width)
	case m.auto.on:
		s := "auto-refresh on: renews " + result.Countdown(m.deps.AutoRefreshBefore) + " before expiry"
		if m.result.Token() != nil {
			if left := m.result.Remaining(m.now) - m.deps.AutoRefreshBefore; left > 0 {
				s += ", in " + result.Countdown(left)
			}
		}
		if m.focus != focusResult {
			s += " · paused: the result is not on screen"
		}
		if m.auto.count > 0 {
			s += " · renewed " + plural(m.auto.count, "time")
		}
		return fit(st.Muted.Render(s+" · "+k+" turns it off"), m.width)
	}
	return ""
}

// plural is "1 time", "3 times".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
