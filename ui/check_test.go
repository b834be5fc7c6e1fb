package ui

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/tokens"
)

var (
	keyCheck    = tea.KeyPressMsg{Code: 'c', Mod: tea.ModAlt}
	keyCheckAll = tea.KeyPressMsg{Code: 'a', Mod: tea.ModAlt}
)

// pumper runs commands and hands their messages to the model. Unlike
// settle it waits for no idle time, so a command that blocks (the check's
// runner) does not hold it up, and commands still running when one run
// stops deliver to the next run.
type pumper struct {
	msgs    chan tea.Msg
	running int
}

func newPumper() *pumper { return &pumper{msgs: make(chan tea.Msg, 256)} }

// run runs cmd and every command the model answers with until done(m)
// holds or nothing is left running.
func (p *pumper) run(t testing.TB, m *Model, cmd tea.Cmd, done func(*Model) bool) *Model {
	t.Helper()
	launch := func(c tea.Cmd) {
		if c == nil {
			return
		}
		p.running++
		go func() { p.msgs <- c() }()
	}
	launch(cmd)
	failsafe := time.After(time.Minute)
	for p.running > 0 && !done(m) {
		select {
		case msg := <-p.msgs:
			p.running--
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					launch(c)
				}
			default:
				var next tea.Cmd
				m, next = updateCmd(m, msg)
				launch(next)
			}
		case <-failsafe:
			t.Fatal("the check never ended")
		}
	}
	return m
}

// checkStore saves profiles against a fake server: good (a token), bad
// (FailClient: 401), busy (LimitClient with a long Retry-After: 429, not
// retried) and down (a closed port: refused).
func checkStore(t *testing.T) (*testStore, *fakeserver.Running) {
	t.Helper()
	keys := map[string]string{
		"good": "good-client-key-000000000000001",
		"bad":  "bad-client-key-0000000000000002",
		"busy": "busy-client-key-000000000000003",
		"down": "down-client-key-000000000000004",
	}
	clients := map[string]string{}
	for name, k := range keys {
		clients[k] = "secret-of-" + name + "-do-not-show"
	}
	srv := fakeservertest.New(t, fakeserver.Config{Clients: clients})
	srv.Server.FailClient(keys["bad"])
	srv.Server.LimitClient(keys["busy"], 100, time.Hour)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	st := newTestStore(t)
	for name, k := range keys {
		ep := srv.URL
		if name == "down" {
			ep = closed
		}
		st.put(t, store.Profile{Name: name, Endpoint: ep, ClientKey: k, DeviceID: testDeviceID,
			DeviceInfo: testDetection.Info, NetworkType: "wifi"}, store.Secrets{ClientSecret: clients[k]})
	}
	return st, srv
}

// checkModel is a console on st with the real token client and clock.
func checkModel(t *testing.T, st *testStore, w, h int) *Model {
	t.Helper()
	d := testDeps(&recorder{})
	d.Demo, d.Store, d.NewClient, d.Now = nil, st, nil, time.Now
	d.Timeout = 30 * time.Second
	m := newTestModel(t, d, w, h, true)
	m, _ = settle(t, m, listCmd(st))
	return m
}

// TestCheckFromThePane: alt+a checks every profile the
// filter shows against the fake server; the CHECK column says ok, 401,
// 429 and refused with latencies, the footer counts, each check is in the
// history, and no secret reaches the screen.
func TestCheckFromThePane(t *testing.T) {
	st, _ := checkStore(t)
	m := checkModel(t, st, 120, 40)
	m = press(t, m, keyCtrlP)
	m, cmd := updateCmd(m, keyCheckAll)
	p := newPumper()
	m = p.run(t, m, cmd, func(m *Model) bool { return m.check == nil && checkedAll(m) })
	v := plain(m)
	for _, want := range []string{"CHECK", "✓ ok", "✗ 401 wrong secret", "✗ 429 rate limited", "✗ refused", "checked 4 of 4 · 3 failed · done"} {
		if !strings.Contains(v, want) {
			t.Errorf("the pane lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "ms") {
		t.Errorf("no latency shown:\n%s", v)
	}
	if strings.Contains(v, "secret-of-") || strings.Contains(v, "do-not-show") {
		t.Fatalf("a secret is on screen:\n%s", v)
	}
	for _, name := range []string{"good", "bad", "busy", "down"} {
		h, err := st.History(store.HistoryQuery{Profile: name})
		if err != nil || len(h) != 1 {
			t.Errorf("%s: %d history entries (%v), want 1", name, len(h), err)
		}
	}
	// alt+c checks the selected profile only.
	m = typeText(t, m, "good")
	m, cmd = updateCmd(m, keyCheck)
	m = p.run(t, m, cmd, func(m *Model) bool {
		_, total := m.profiles.CheckProgress()
		return m.check == nil && total == 1 && checkedAll(m)
	})
	if done, total := m.profiles.CheckProgress(); done != 1 || total != 1 {
		t.Fatalf("alt+c checked %d of %d", done, total)
	}
	m = p.run(t, m, nil, func(*Model) bool { return false }) // the list re-read after it
	if v := plain(m); !strings.Contains(v, "✓ ok") || !strings.Contains(v, "checked 1 of 1") {
		t.Fatalf("after alt+c:\n%s", v)
	}
}

// checkedAll reports whether every profile of the pane's check has a
// result.
func checkedAll(m *Model) bool {
	done, total := m.profiles.CheckProgress()
	return total > 0 && done == total
}

// TestCheckEscCancels: esc while a check runs cancels it (the request in
// flight ends as canceled), the results so far stay, and the list is
// usable again; nothing is left waiting.
func TestCheckEscCancels(t *testing.T) {
	st := sampleStore(t)
	rec := &recorder{respond: func(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
		if strings.Contains(p.URL, "staging") {
			<-ctx.Done() // hangs until cancelled
			return nil, &tokenclient.NetworkError{Op: "canceled", Err: ctx.Err()}
		}
		return okResult(), nil
	}}
	d := testDeps(rec)
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, 120, 40, true)
	m, _ = settle(t, m, listCmd(st))
	m = press(t, m, keyCtrlP)
	m, cmd := updateCmd(m, keyCheckAll)
	// The three quick profiles answer; staging hangs.
	p := newPumper()
	m = p.run(t, m, cmd, func(m *Model) bool { done, _ := m.profiles.CheckProgress(); return done == 3 })
	if !m.profiles.Checking() || !strings.Contains(plain(m), "checked 3 of 4") || !strings.Contains(plain(m), "checking…") {
		t.Fatalf("mid-check:\n%s", plain(m))
	}
	m, cmd = updateCmd(m, keyEsc)
	// CancelCheckMsg; then the runner and the waiting command deliver the
	// canceled request and the end.
	m = p.run(t, m, cmd, func(m *Model) bool { return m.check == nil })
	m = p.run(t, m, nil, func(*Model) bool { return false }) // the list re-read after it
	v := plain(m)
	if m.profiles.Checking() || !strings.Contains(v, "canceled") || strings.Count(v, "✓ ok") != 3 {
		t.Fatalf("after esc:\n%s", v)
	}
	if m.focus != focusProfiles || m.profiles.Filter() != "" {
		t.Fatalf("esc did more than cancel: focus %v filter %q", m.focus, m.profiles.Filter())
	}
	// The next esc is the usual one again: back to the form.
	m = press(t, m, keyEsc)
	if m.focus != focusForm {
		t.Fatalf("esc after the check: focus %v", m.focus)
	}
}

// midCheck is the pane mid-check at fixed latencies: three of the four
// profiles answered, staging is in flight.
func midCheck(t *testing.T, m *Model) *Model {
	m = press(t, m, keyCtrlP)
	m.profiles.StartCheck([]string{"demo", "prod-eu", "prod-us", "staging"})
	m.profiles.SetCheckResult(tokens.CheckResult{Profile: "demo", Kind: tokens.CheckOK, Status: 200, Latency: 182 * time.Millisecond})
	m.profiles.SetCheckResult(tokens.CheckResult{Profile: "prod-eu", Kind: tokens.CheckUnauthorized, Status: 401, Latency: 95 * time.Millisecond})
	m.profiles.SetCheckResult(tokens.CheckResult{Profile: "prod-us", Kind: tokens.CheckRateLimited, Status: 429, Latency: 12 * time.Millisecond})
	return m
}

// TestGoldenCheck renders a check in flight in the pane (80x24) and the
// sidebar (160x48), one plain-text golden per size for both themes.
// Regenerate with `go test ./ui -run GoldenCheck -update`.
func TestGoldenCheck(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			out := requireLayout(t, size[1], func(t *testing.T, dark bool) string {
				return midCheck(t, storeModel(t, sampleStore(t), size[0], size[1], dark)).View().Content
			})
			v := ansi.Strip(out)
			for _, want := range []string{"checking…", "checked 3 of 4"} {
				if !strings.Contains(v, want) {
					t.Errorf("no %q:\n%s", want, v)
				}
			}
			if strings.Contains(v, testSecret) {
				t.Fatal("a secret is on screen")
			}
		})
	}
}
