package ui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/ui/result"
)

// flowDeps talks to a real fake server with the real client.
func flowDeps(url string) Deps {
	return Deps{
		Detect:      func() device.Detection { return testDetection },
		NewDeviceID: func() string { return testDeviceID },
		Location:    time.UTC,
		Initial:     store.Profile{Endpoint: url},
		Timeout:     10 * time.Second,
	}
}

// startFlow runs the console under teatest at 120x40.
func startFlow(t *testing.T, d Deps) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(d), teatest.WithInitialTermSize(120, 40))
}

// waitFor waits until the screen output contains s.
func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// fill types the client key and secret into the form.
func fill(tm *teatest.TestModel, key, secret string) {
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(key)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(secret)
}

// finish quits and returns the final model.
func finish(t *testing.T, tm *teatest.TestModel) *Model {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

func TestFlowFillSendShowsTokenWithCountdown(t *testing.T) {
	t.Parallel()
	srv := fakeservertest.New(t, fakeserver.Config{})
	tm := startFlow(t, flowDeps(srv.URL))
	fill(tm, fakeserver.DemoClientKey, fakeserver.DemoClientSecret)
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "200 OK")
	m := finish(t, tm)
	if m.result.Token() == nil {
		t.Fatal("no token in the final model")
	}
	c := m.result.Content()
	if !strings.Contains(c, "expires in 59m") && !strings.Contains(c, "expires in 1h") {
		t.Fatalf("no countdown:\n%s", c)
	}
	if strings.Contains(m.View().Content, fakeserver.DemoClientSecret) {
		t.Fatal("secret on screen")
	}
	if srv.Server.IssueCount() != 1 {
		t.Fatalf("server issued %d tokens", srv.Server.IssueCount())
	}
}

func TestFlowWrongSecretShows401(t *testing.T) {
	t.Parallel()
	srv := fakeservertest.New(t, fakeserver.Config{})
	tm := startFlow(t, flowDeps(srv.URL))
	fill(tm, fakeserver.DemoClientKey, "wrong-secret")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "401 Unauthorized")
	m := finish(t, tm)
	if m.result.Token() != nil || m.result.Err() == nil {
		t.Fatal("a 401 produced a token")
	}
	if !strings.Contains(m.result.Content(), "Server response") {
		t.Fatalf("no server body:\n%s", m.result.Content())
	}
}

func TestFlowCancelWhileServerIsSlow(t *testing.T) {
	t.Parallel()
	srv := fakeservertest.New(t, fakeserver.Config{})
	srv.Server.SetLatency(20 * time.Second)
	tm := startFlow(t, flowDeps(srv.URL))
	fill(tm, fakeserver.DemoClientKey, fakeserver.DemoClientSecret)
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "Sending")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor(t, tm, "Cancelled")
	m := finish(t, tm)
	if m.result.State() != result.Cancelled || m.sending {
		t.Fatalf("state %v sending %v", m.result.State(), m.sending)
	}
	if srv.Server.IssueCount() != 0 {
		t.Fatal("the slow request was still answered with a token")
	}
}

// TestFlowClockSkewBothWays: against the fake server's clock offset, a
// server 10 minutes behind means this computer is ahead (tokens seem to
// expire early by its clock), one 10 minutes ahead the reverse; either way
// the countdown runs on the server's time (about an hour).
func TestFlowClockSkewBothWays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		offset time.Duration
		words  string
	}{
		// The Date header has whole seconds and the call takes time, so the
		// measured offset is 10 minutes give or take a second.
		{-10 * time.Minute, `this computer's clock is (9m 59s|10m [01]s) ahead of the server's: by it, tokens seem to expire early`},
		{10 * time.Minute, `this computer's clock is (9m 59s|10m [01]s) behind the server's: by it, tokens look valid after they expired`},
	} {
		srv := fakeservertest.New(t, fakeserver.Config{})
		srv.Server.SetClockOffset(c.offset)
		tm := startFlow(t, flowDeps(srv.URL))
		fill(tm, fakeserver.DemoClientKey, fakeserver.DemoClientSecret)
		tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		waitFor(t, tm, "200 OK")
		m := finish(t, tm)
		got := strings.Join(strings.Fields(m.result.Content()), " ")
		if !regexp.MustCompile(c.words).MatchString(got) {
			t.Errorf("offset %v: skew not said as %q:\n%s", c.offset, c.words, got)
		}
		if !strings.Contains(got, "expires in 59m") && !strings.Contains(got, "expires in 1h") {
			t.Errorf("offset %v: countdown not on the server's clock:\n%s", c.offset, got)
		}
	}
}
