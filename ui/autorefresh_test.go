package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
)

// TestAutoRefreshRenewsTheShownTokenBeforeExpiry: with
// t on, a tick within 60 s of expiry refreshes the shown token (with its
// refresh token), once; not while the result is off screen; a failure
// stops auto-refresh and says why.
func TestAutoRefreshRenewsTheShownTokenBeforeExpiry(t *testing.T) {
	t.Parallel()
	rec := &recorder{respond: respondOK}
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	m = press(t, m, keyCtrlS)
	exp, _ := m.result.ExpiresAt()
	m = press(t, m, keyRune('t'))
	if !m.auto.on || !strings.Contains(m.status, "auto-refresh on") {
		t.Fatalf("t did not turn auto-refresh on: %q", m.status)
	}
	m.status = ""
	if line := m.statusLine(); !strings.Contains(line, "auto-refresh on") {
		t.Fatalf("no auto-refresh status line: %q", line)
	}
	tick := func(m *Model, at time.Time) *Model {
		m, cmd := updateCmd(m, tickMsg{seq: m.tickSeq, at: at})
		m, _ = settle(t, m, cmd)
		return m
	}
	m = tick(m, exp.Add(-2*time.Minute))
	if rec.count() != 1 {
		t.Fatalf("renewed with 2 minutes left: %d calls", rec.count())
	}
	// Looking at the form: nothing is renewed.
	m = press(t, m, keyEsc)
	m = tick(m, exp.Add(-30*time.Second))
	if rec.count() != 1 {
		t.Fatal("renewed a token that was not on screen")
	}
	m = press(t, m, keyCtrl('o'))
	m = tick(m, exp.Add(-30*time.Second))
	if rec.count() != 2 || !strings.HasSuffix(rec.sent[1].URL, "/token/refresh") {
		t.Fatalf("no refresh within 60 s of expiry: %d calls", rec.count())
	}
	if m.auto.count != 1 || !m.auto.on {
		t.Fatalf("auto state after a renewal: %+v", m.auto)
	}
	// The same token is not renewed twice.
	m = tick(m, exp.Add(-20*time.Second))
	if rec.count() != 2 {
		t.Fatal("renewed the same token twice")
	}
	// A failure stops auto-refresh and says why.
	second := okResult()
	second.Token.AccessToken = "another-token"
	rec.mu.Lock()
	rec.respond = func(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) { return second, nil }
	rec.mu.Unlock()
	m = press(t, m, keyCtrlS)
	rec.mu.Lock()
	rec.respond = func(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) {
		return httpFailure(401, 0, `{"error":"invalid refresh token"}`)
	}
	rec.mu.Unlock()
	m = tick(m, exp.Add(-10*time.Second))
	if m.auto.on || !strings.Contains(m.auto.stopped, "renewal failed") {
		t.Fatalf("a failed renewal did not stop auto-refresh: %+v", m.auto)
	}
	m.status = ""
	if line := m.statusLine(); !strings.Contains(line, "auto-refresh stopped: the renewal failed") {
		t.Fatalf("status line %q", line)
	}
}

// TestAutoRefreshBeforeIsConfigurable: Deps.AutoRefreshBefore
// moves the renewal point (5 minutes here: a tick 4 minutes before expiry
// renews, one 6 minutes before does not), and the status says so.
func TestAutoRefreshBeforeIsConfigurable(t *testing.T) {
	t.Parallel()
	if m := newTestModel(t, testDeps(&recorder{respond: respondOK}), 120, 40, true); m.deps.AutoRefreshBefore != DefaultAutoRefreshBefore {
		t.Fatalf("default threshold %s, want %s", m.deps.AutoRefreshBefore, DefaultAutoRefreshBefore)
	}
	rec := &recorder{respond: respondOK}
	d := testDeps(rec)
	d.AutoRefreshBefore = 5 * time.Minute
	m := newTestModel(t, d, 120, 40, true)
	m = press(t, m, keyCtrlS)
	exp, _ := m.result.ExpiresAt()
	m = press(t, m, keyRune('t'))
	if !strings.Contains(m.status, "5m") {
		t.Fatalf("the status does not name the threshold: %q", m.status)
	}
	tick := func(m *Model, at time.Time) *Model {
		m, cmd := updateCmd(m, tickMsg{seq: m.tickSeq, at: at})
		m, _ = settle(t, m, cmd)
		return m
	}
	m = tick(m, exp.Add(-6*time.Minute))
	if rec.count() != 1 {
		t.Fatalf("renewed 6 minutes before expiry with a 5 minute threshold: %d calls", rec.count())
	}
	tick(m, exp.Add(-4*time.Minute))
	if rec.count() != 2 {
		t.Fatalf("no renewal 4 minutes before expiry with a 5 minute threshold: %d calls", rec.count())
	}
}
