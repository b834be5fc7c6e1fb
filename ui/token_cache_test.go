package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/ui/form"
)

// The token cache rule shared with the CLI: a token is
// cached under a profile only when the request sent is the saved
// profile's.

// sendingModel is a sized console on st (no demo) whose requests rec
// answers, with prod-eu loaded from the profiles pane.
func sendingModel(t *testing.T, st *testStore, rec *recorder) *Model {
	t.Helper()
	d := testDeps(rec)
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, 120, 40, true)
	m, _ = settle(t, m, listCmd(st))
	return loadProfile(t, m, "prod-eu")
}

// history is the recorded calls of name, newest first.
func history(t *testing.T, st *testStore, name string) []store.HistoryEntry {
	t.Helper()
	h, err := st.History(store.HistoryQuery{Profile: name})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestTokenFromAnEditedFormIsNotCachedUntilSaved(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := sendingModel(t, st, &recorder{respond: respondOK})
	saved, _ := st.load("prod-eu")
	before := len(history(t, st, "prod-eu"))
	ids := []string{"11111111-2222-4333-8444-555555555555"}
	m.deps.NewDeviceID = func() string { return ids[0] }
	m = press(t, m, keyCtrl('g')) // a new device id: the form is no longer prod-eu
	if m.form.Value(form.DeviceID) != ids[0] || !m.dirty() {
		t.Fatalf("device id %q, dirty %v", m.form.Value(form.DeviceID), m.dirty())
	}
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil || m.result.Token().AccessToken != testToken {
		t.Fatalf("no token: %s", m.status)
	}
	if got := st.records(); len(got) != 0 {
		t.Fatalf("the edited form's call was recorded under prod-eu: %v", got)
	}
	if n := len(history(t, st, "prod-eu")); n != before {
		t.Fatalf("history of prod-eu grew from %d to %d", before, n)
	}
	if p, _ := st.load("prod-eu"); p.Token == nil || p.Token.AccessToken != saved.Token.AccessToken ||
		p.Request.DeviceID != saved.Request.DeviceID {
		t.Fatalf("prod-eu changed: token %+v device id %q", p.Token, p.Request.DeviceID)
	}
	if !strings.Contains(m.status, "not cached") || !strings.Contains(m.status, "prod-eu") {
		t.Fatalf("status %q does not say the token was not cached", m.status)
	}
	if !strings.Contains(ansi.Strip(content(m)), "not cached") {
		t.Fatalf("the screen does not say the token was not cached:\n%s", ansi.Strip(content(m)))
	}

	// Saving exactly the form it was sent from stores the token with it.
	m = press(t, m, keyCtrlP, keySave, keyEnter)
	if got := strings.Join(st.records(), ","); got != "prod-eu/issue" {
		t.Fatalf("recorded %q after the save, want prod-eu/issue", got)
	}
	p, err := st.load("prod-eu")
	if err != nil || p.Request.DeviceID != ids[0] || p.Token == nil || p.Token.AccessToken != testToken {
		t.Fatalf("after the save: device id %q token %+v (%v)", p.Request.DeviceID, p.Token, err)
	}
	if m.dirty() {
		t.Fatal("dirty after the save")
	}
}

func TestTokenFromTheSavedFormIsCached(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := sendingModel(t, st, &recorder{respond: respondOK})
	before := len(history(t, st, "prod-eu"))
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil {
		t.Fatalf("no token: %s", m.status)
	}
	if got := strings.Join(st.records(), ","); got != "prod-eu/issue" {
		t.Fatalf("recorded %q, want prod-eu/issue", got)
	}
	if strings.Contains(m.status, "not cached") {
		t.Fatalf("status %q", m.status)
	}
	if p, _ := st.load("prod-eu"); p.Token == nil || p.Token.AccessToken != testToken {
		t.Fatalf("the token is not cached with prod-eu: %+v", p.Token)
	}
	h := history(t, st, "prod-eu")
	if len(h) != before+1 || h[0].Kind != store.KindIssue || h[0].Status != 200 || h[0].Error != "" {
		t.Fatalf("history %+v", h)
	}
}

// steppingClock advances by step on every read.
type steppingClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *steppingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

func TestCancelledRequestIsRecordedWithItsDuration(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	rec := &recorder{} // never answers: the request waits for esc
	m := sendingModel(t, st, rec)
	clock := &steppingClock{t: testNow, step: 1500 * time.Millisecond}
	m.deps.Now = clock.now
	before := len(history(t, st, "prod-eu"))
	m, _ = updateCmd(m, keyCtrlS)
	if !m.sending {
		t.Fatalf("not sending: %s", m.status)
	}
	m = press(t, m, keyEsc)
	if m.sending || !strings.Contains(m.status, "cancelled") {
		t.Fatalf("esc did not cancel: sending %v status %q", m.sending, m.status)
	}
	if got := strings.Join(st.records(), ","); got != "prod-eu/issue" {
		t.Fatalf("recorded %q, want prod-eu/issue", got)
	}
	h := history(t, st, "prod-eu")
	if len(h) != before+1 {
		t.Fatalf("history %+v", h)
	}
	e := h[0]
	if e.Kind != store.KindIssue || e.Status != 0 || e.Duration <= 0 || !strings.Contains(e.Error, "cancel") {
		t.Fatalf("the cancelled call is recorded as %+v", e)
	}
	if p, _ := st.load("prod-eu"); p.Token == nil || p.Token.AccessToken != "expired-token" {
		t.Fatalf("a cancelled call changed the cached token: %+v", p.Token)
	}
}

func TestPaneHistoryComesFromTheStore(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	rec := &recorder{respond: respondOK}
	m := sendingModel(t, st, rec)
	m = press(t, m, keyCtrlS)
	rec.mu.Lock()
	rec.respond = respond401
	rec.mu.Unlock()
	m = press(t, m, keyEsc) // back to the form
	m = press(t, m, keyCtrlS)
	if got := strings.Join(st.records(), ","); got != "prod-eu/issue,prod-eu/issue" {
		t.Fatalf("recorded %q", got)
	}
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "prod-eu")
	m = press(t, m, keyCtrl('l'))
	c := ansi.Strip(content(m))
	// sampleStore's token call, then the 200, then the 401 (newest).
	if !strings.Contains(c, "3 calls, newest first") {
		t.Fatalf("the history does not hold the calls made:\n%s", c)
	}
	i401, i200 := strings.Index(c, "✗ 401"), strings.Index(c, "✓ 200")
	if i401 < 0 || i200 < 0 || i401 > i200 {
		t.Fatalf("the history is not newest first:\n%s", c)
	}
}

// A recorded call re-reads the list whatever the layout: its token status
// and last call live in state.db, which the profiles file's revision check
// does not see, and a sidebar shown later (a wider terminal) or the pane
// opened later must not show them stale.
func TestRecordedCallRereadsTheList(t *testing.T) {
	t.Parallel()
	for _, w := range []int{80, 160} {
		st := sampleStore(t)
		m := storeModel(t, st, w, 40, true)
		_, cmd := updateCmd(m, recordedMsg{})
		got := false
		for _, msg := range runCmds(cmd, time.Second) {
			if _, ok := msg.(listedMsg); ok {
				got = true
			}
		}
		if !got {
			t.Errorf("at %d columns a recorded call did not re-read the list", w)
		}
	}
}
