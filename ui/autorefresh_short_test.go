package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// testClock is a clock shared by the fake server and the model that the
// test moves by hand.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *testClock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
	return c.at
}

// TestAutoRefreshStopsWhenTokensLiveShorterThanTheThreshold: the fake
// server issues 1 h tokens and --auto-refresh-before is 2 h, so every new
// token is already due. One renewal is made, then auto-refresh stops and
// says why (the flag and the token's lifetime) instead of renewing on
// every tick. (README: "If a renewed token lives no longer than that".)
func TestAutoRefreshStopsWhenTokensLiveShorterThanTheThreshold(t *testing.T) {
	t.Parallel()
	clock := &testClock{at: time.Now().Truncate(time.Second)} // near the Date header the server sends
	srv := fakeservertest.New(t, fakeserver.Config{TTL: time.Hour, Now: clock.Now})
	client := tokenclient.New(tokenclient.Options{BaseURL: srv.URL, Timeout: 10 * time.Second})
	rec := &recorder{respond: func(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
		return client.Send(ctx, p)
	}}
	d := testDeps(rec)
	d.Now = clock.Now
	d.Initial.Endpoint, d.Initial.ClientKey = srv.URL, fakeserver.DemoClientKey
	d.InitialSecrets.ClientSecret = fakeserver.DemoClientSecret
	d.Demo = &DemoInfo{ServerURL: srv.URL}
	d.AutoRefreshBefore = 2 * time.Hour
	m := newTestModel(t, d, 80, 24, true) // the reason must fit the status line
	m, cmd := updateCmd(m, keyCtrlS)
	m, _ = settle(t, m, cmd)
	if m.result.Token() == nil {
		t.Fatalf("no token from the fake server: %q", m.status)
	}
	clock.Add(time.Second)
	m, cmd = updateCmd(m, keyRune('t'))
	m, _ = settle(t, m, cmd)
	for i := 0; i < 5; i++ {
		at := clock.Add(time.Second)
		m, cmd = updateCmd(m, tickMsg{seq: m.tickSeq, at: at})
		m, _ = settle(t, m, cmd)
	}
	if n := rec.count(); n != 2 {
		t.Errorf("%d requests after 5 ticks, want 2 (the first token and one renewal)", n)
	}
	if m.auto.on {
		t.Fatalf("auto-refresh still on after %d renewals", m.auto.count)
	}
	m.status = ""
	line := m.statusLine()
	for _, want := range []string{"auto-refresh stopped", "the token lives 1h but --auto-refresh-before is 2h"} {
		if !strings.Contains(line, want) {
			t.Errorf("status line lacks %q: %q", want, line)
		}
	}
}
