package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/tokens"
)

// activationProfileFlow starts the console on a saved profile "tv" that
// points at a fake server nobody approves codes on, polling every 20 ms.
func activationProfileFlow(t *testing.T) (*teatest.TestModel, *testStore, *fakeservertest.Recorder) {
	t.Helper()
	srv := fakeservertest.NewRecorder(t, fakeserver.Config{})
	st := newTestStore(t)
	if _, err := st.Update("tv", store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		p.Endpoint, p.ClientKey, p.DeviceID, p.NetworkType = srv.URL, fakeserver.DemoClientKey, testDeviceID, "wifi"
		p.DeviceInfo = testDetection.Info
		sec.ClientSecret = fakeserver.DemoClientSecret
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	d := flowDeps(srv.URL)
	d.Store, d.Profile, d.PollInterval = st, "tv", 20*time.Millisecond
	tm := startFlow(t, d)
	waitFor(t, tm, "profile tv")
	return tm, st, srv
}

// waitPolls waits until the server has seen n polls (after the token,
// code and announce calls of an activation).
func waitPolls(t *testing.T, srv *fakeservertest.Recorder, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if len(srv.All()) >= 3+n {
			return
		}
	}
	t.Fatalf("the server saw %d requests, want %d polls", len(srv.All()), n)
}

// historyKinds lists the kinds of profile tv's history, oldest first.
func historyKinds(t *testing.T, st *testStore) []string {
	t.Helper()
	hist, err := st.History(store.HistoryQuery{Profile: "tv"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range hist {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// pollRow returns the history's "poll ×N" entry, "" when there is none.
func pollRow(kinds []string) string {
	for _, k := range kinds {
		if strings.HasPrefix(k, tokens.KindPoll) {
			return k
		}
	}
	return ""
}

// TestActivationCancelledRecordsItsPolls: esc after a few polls records the
// polls (one "poll ×N" entry) beside the token, code and announce calls,
// as the CLI does.
func TestActivationCancelledRecordsItsPolls(t *testing.T) {
	t.Parallel()
	tm, st, srv := activationProfileFlow(t)
	tm.Send(keyActivate)
	waitPolls(t, srv, 3)
	tm.Send(keyEsc)
	waitFor(t, tm, "activation cancelled")
	var kinds []string
	// The record runs after the status: wait for it.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if kinds = historyKinds(t, st); len(kinds) >= 4 {
			break
		}
	}
	finish(t, tm)
	joined := strings.Join(kinds, ",")
	for _, k := range []string{store.KindIssue, tokens.KindRegCode, tokens.KindAnnounce} {
		if !strings.Contains(joined, k) {
			t.Errorf("history lacks %s: %s", k, joined)
		}
	}
	if row := pollRow(kinds); !strings.HasPrefix(row, tokens.KindPoll+" ×") {
		t.Errorf("history has no row for the polls: %s", joined)
	}
}

// TestQuitDuringActivationRecordsItsCalls: ctrl+c while the activation
// waits cancels it and records its calls before the console exits: the
// history is complete when the program has returned.
func TestQuitDuringActivationRecordsItsCalls(t *testing.T) {
	t.Parallel()
	tm, st, srv := activationProfileFlow(t)
	tm.Send(keyActivate)
	waitPolls(t, srv, 2)
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	kinds := historyKinds(t, st)
	joined := strings.Join(kinds, ",")
	for _, k := range []string{store.KindIssue, tokens.KindRegCode, tokens.KindAnnounce} {
		if !strings.Contains(joined, k) {
			t.Errorf("history lacks %s: %s", k, joined)
		}
	}
	if row := pollRow(kinds); !strings.HasPrefix(row, tokens.KindPoll+" ×") {
		t.Errorf("history has no row for the polls: %s", joined)
	}
}
