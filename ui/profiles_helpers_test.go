package ui

import (
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// settle feeds the messages cmd produces back into m, and theirs, until
// nothing more arrives for a moment: ticks (a second and more away) are
// left behind. It returns the model and every message that was fed.
func settle(t testing.TB, m *Model, cmd tea.Cmd) (*Model, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for round := 0; cmd != nil && round < 20; round++ {
		// A generous idle wait: store commands run a real SQLite store, which
		// under -race on a loaded 2-core machine can take far longer than a
		// blink. The wait is only spent when a command blocks; collect returns
		// as soon as every command has returned.
		msgs := collect(cmd, 3*time.Second, 10*time.Second)
		var cmds []tea.Cmd
		for _, msg := range msgs {
			if _, ok := msg.(tea.QuitMsg); ok {
				all = append(all, msg)
				continue
			}
			var c tea.Cmd
			m, c = updateCmd(m, msg)
			all = append(all, msg)
			cmds = append(cmds, c)
		}
		cmd = tea.Batch(cmds...)
	}
	return m, all
}

// collect runs cmd (and the batches in it) in goroutines and returns the
// messages they produce: at once when every command has returned, else
// when none came for idle (a command still blocked, such as a send that
// waits for its cancellation, is left behind), or when maxWait passed.
// Timers never hold it up: test models use noTimer.
func collect(cmd tea.Cmd, idle, maxWait time.Duration) []tea.Msg {
	out := make(chan tea.Msg, 64)
	done := make(chan struct{})
	var mu sync.Mutex
	running := 0
	finish := func() {
		mu.Lock()
		defer mu.Unlock()
		if running--; running == 0 {
			close(done)
		}
	}
	var launch func(c tea.Cmd)
	launch = func(c tea.Cmd) {
		if c == nil {
			return
		}
		mu.Lock()
		running++
		mu.Unlock()
		go func() {
			defer finish()
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, cc := range b {
					launch(cc) // counted before this one finishes
				}
				return
			}
			if msg != nil {
				out <- msg
			}
		}()
	}
	if cmd == nil {
		return nil
	}
	launch(cmd)
	var msgs []tea.Msg
	limit := time.After(maxWait)
	idleTimer := time.NewTimer(idle)
	defer idleTimer.Stop()
	for {
		select {
		case msg := <-out:
			msgs = append(msgs, msg)
			idleTimer.Reset(idle)
		case <-done:
			for {
				select {
				case msg := <-out:
					msgs = append(msgs, msg)
				default:
					return msgs
				}
			}
		case <-idleTimer.C:
			return msgs
		case <-limit:
			return msgs
		}
	}
}

// press feeds key presses and settles the commands.
func press(t testing.TB, m *Model, keys ...tea.KeyPressMsg) *Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = updateCmd(m, k)
		m, _ = settle(t, m, cmd)
	}
	return m
}

// typeText types s rune by rune.
func typeText(t testing.TB, m *Model, s string) *Model {
	t.Helper()
	for _, r := range s {
		m = update(m, keyRune(r))
	}
	return m
}

var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyCtrlP = keyCtrl('p')
	keyCtrlC = keyCtrl('c')
)

// sampleStore holds a few saved profiles, each token status: demo's
// token is valid for 42 minutes more, prod-eu's has expired, prod-us's is
// valid for 5h12m, staging has none.
func sampleStore(t testing.TB) *testStore {
	t.Helper()
	st := newTestStore(t)
	mk := func(name, endpoint, key string, net device.NetworkType) {
		st.put(t, store.Profile{Name: name, Endpoint: endpoint, ClientKey: key, DeviceID: testDeviceID,
			DeviceInfo: testDetection.Info, NetworkType: net},
			store.Secrets{ClientSecret: testSecret + "-" + name})
	}
	mk("demo", testURL, "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g", device.NetworkWifi)
	mk("prod-eu", "https://api.eu.example.com", "Zk81mQpL0vXc7TnR2bYh5sWd9JfGa3Ue", device.NetworkEthernet)
	mk("prod-us", "https://api.us.example.com/v2", "Qa7Rt2Yx9Lm4Nc8Vb1Hj6Kp3Wd5Fs0Ge", device.NetworkCellular)
	mk("staging", "https://staging.example.net:8443", "Hn3Jd8Ks2Lq7Wm4Xp9Cv1Bz6Ty5Ru0Ei", device.NetworkOther)
	tok := tokenclient.TokenResponse{AccessToken: testToken, ExpiresIn: 3600, RefreshToken: testRefresh}
	st.giveToken(t, "demo", tok, testNow.Add(42*time.Minute))
	st.giveToken(t, "prod-eu", tokenclient.TokenResponse{AccessToken: "expired-token", ExpiresIn: 3600}, testNow.Add(-5*time.Minute))
	st.giveToken(t, "prod-us", tokenclient.TokenResponse{AccessToken: "prod-us-token", ExpiresIn: 3600}, testNow.Add(5*time.Hour+12*time.Minute))
	return st
}

// storeModel is a sized console on st (no demo), its first list read.
func storeModel(t testing.TB, st *testStore, w, h int, dark bool) *Model {
	t.Helper()
	d := testDeps(&recorder{})
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, w, h, dark)
	m, _ = settle(t, m, listCmd(st))
	return m
}

// loadProfile opens the pane, selects name by filtering and loads it.
func loadProfile(t testing.TB, m *Model, name string) *Model {
	t.Helper()
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, name)
	m = press(t, m, keyEnter)
	if m.profile != name {
		t.Fatalf("loading %s: loaded %q (status %q)", name, m.profile, m.status)
	}
	return m
}
