package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/tokens"
)

// The fake sender activates through its real client (the recorder only
// sees the token calls).
func (f fakeSender) PrepareRegCode(t string) *tokenclient.Prepared { return f.c.PrepareRegCode(t) }
func (f fakeSender) RegCode(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, string, error) {
	return f.c.RegCode(ctx, p)
}
func (f fakeSender) PrepareAnnounce(t string, a tokenclient.Announce) *tokenclient.Prepared {
	return f.c.PrepareAnnounce(t, a)
}
func (f fakeSender) AnnounceCode(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
	return f.c.AnnounceCode(ctx, p)
}
func (f fakeSender) Poll(ctx context.Context, o tokenclient.PollOptions) tokenclient.PollOutcome {
	return f.c.Poll(ctx, o)
}

var keyActivate = tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt}

// activationWaiting is a console whose activation shows code K7QX3M after
// seven polls.
func activationWaiting(t *testing.T, m *Model) *Model {
	t.Helper()
	m = update(m, keyActivate)
	if m.act == nil {
		t.Fatal("F7 did not start an activation")
	}
	c := tokenclient.New(tokenclient.Options{BaseURL: testURL})
	code := "K7QX3M"
	m = update(m, activationEventMsg{seq: m.act.seq, ev: activationEvent{step: "waiting for the person",
		prepared: c.PrepareAnnounce(testToken, tokenclient.Announce{RegCode: code, DeviceID: testDeviceID}),
		code:     code, url: tokenclient.ActivationURL(testURL+"/account/activate", code), deadline: testNow.Add(10 * time.Minute)}})
	poll := tokenclient.PollEvent{N: 7, Prepared: c.PreparePoll(testToken, code),
		Result: &tokenclient.Result{Status: 200, Timing: tokenclient.Timing{Total: 12 * time.Millisecond}}}
	m = update(m, activationEventMsg{seq: m.act.seq, ev: activationEvent{prepared: poll.Prepared, poll: &poll}})
	return update(m, activationTickMsg{seq: m.act.seq, at: testNow.Add(28 * time.Second)})
}

func init() {
	screens = append(screens,
		struct {
			name  string
			build func(t *testing.T, m *Model) *Model
		}{"activation", activationWaiting},
		struct {
			name  string
			build func(t *testing.T, m *Model) *Model
		}{"activation-failed", func(t *testing.T, m *Model) *Model {
			m = activationWaiting(t, m)
			err := &tokenclient.ExpiredError{RegCode: "K7QX3M", Polls: 120, Partial: "uid without uidSignature and signatureTimestamp"}
			return update(m, activationEventMsg{seq: m.act.seq, ev: activationEvent{end: true, err: err}})
		}},
	)
}

func TestActivationViewShowsCodeStatusAndPreview(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := activationWaiting(t, newTestModel(t, testDeps(&recorder{}), size[0], size[1], true))
		out := m.View().Content
		for _, want := range []string{"Activate a device", "code K7QX3M", "http://127.0.0.1:8080/", "expires in 9:32",
			"polled 7 times", "esc cancel", "▀▀▀▀▀▀▀"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: the view lacks %q:\n%s", size, want, out)
			}
		}
		if strings.Contains(out, testToken) {
			t.Errorf("%v: the bearer token is on screen", size)
		}
		if size[0] >= wideWidth && !strings.Contains(out, "Authorization: ••••••••") {
			t.Errorf("%v: the preview does not show the masked poll:\n%s", size, out)
		}
	}
}

func TestActivationEscCancelsAndCloses(t *testing.T) {
	m := activationWaiting(t, newTestModel(t, testDeps(&recorder{}), 120, 40, true))
	a := m.act
	m = update(m, keyEsc)
	if !a.cancelling || m.act == nil {
		t.Fatalf("esc did not start cancelling")
	}
	m = update(m, activationEventMsg{seq: a.seq, ev: activationEvent{end: true, err: context.Canceled}})
	if m.act != nil || !strings.Contains(m.status, "activation cancelled") {
		t.Errorf("after the cancel: act %v, status %q", m.act, m.status)
	}
	// A failure stays on screen until esc closes it.
	m = activationWaiting(t, m)
	m = update(m, activationEventMsg{seq: m.act.seq, ev: activationEvent{end: true, err: errors.New("poll (GET /keystore/v1/mvpd/K7QX3M): boom")}})
	if m.act == nil || !strings.Contains(m.View().Content, "activation failed") || !strings.Contains(m.View().Content, "boom") {
		t.Fatalf("the failure is not shown:\n%s", m.View().Content)
	}
	m = update(m, keyEsc)
	if m.act != nil {
		t.Errorf("esc did not close the failure")
	}
	// Other keys do nothing while the view is up.
	m = activationWaiting(t, m)
	m = update(m, keyCtrlS)
	if m.sending {
		t.Errorf("ctrl+s sent a request under the activation view")
	}
}

// TestActivationFlowAgainstFakeServer runs the console's activation
// against a real fake server, approving with the demo key, and checks the
// signed-in token is shown, saved with the profile and its calls recorded.
func TestActivationFlowAgainstFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{})
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
	d.Demo = &DemoInfo{ServerURL: srv.URL, Accounts: []string{"free", "premium"},
		Approve: func(_ context.Context, code, account string) error { return srv.Server.Approve(code, account) }}
	tm := startFlow(t, d)
	waitFor(t, tm, "profile tv")
	tm.Send(keyActivate)
	waitFor(t, tm, "Enter this code")
	tm.Send(keyTab) // premium → free → premium: the key cycles the accounts
	tm.Send(keyTab)
	tm.Send(keyRune('a'))
	waitFor(t, tm, "signed in by activation")
	// The record runs after the status: wait for the cached token.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r, err := st.ReadForToken("tv", nil); err == nil && r.Profile.Token != nil {
			break
		}
	}
	m := finish(t, tm)
	if m.result.Token() == nil || m.act != nil {
		t.Fatalf("no signed-in token shown")
	}
	if strings.Contains(m.View().Content, fakeserver.DemoClientSecret) {
		t.Fatal("secret on screen")
	}
	r, err := st.ReadForToken("tv", nil)
	premium, _ := srv.Server.Account("premium")
	if err != nil || r.Profile.UID != premium.UID || r.Profile.Token == nil || r.Secrets.AccessToken == "" {
		t.Fatalf("profile after activation: %+v, %v", r.Profile, err)
	}
	if r.Secrets.UIDSignature == "" || r.Secrets.SignatureTimestamp == "" {
		t.Errorf("the uid signature was not saved")
	}
	hist, err := st.History(store.HistoryQuery{Profile: "tv"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range hist {
		kinds = append(kinds, e.Kind)
		if strings.Contains(e.Error, "eyJ") {
			t.Errorf("history holds a token: %q", e.Error)
		}
	}
	joined := strings.Join(kinds, ",")
	for _, k := range []string{store.KindIssue, tokens.KindRegCode, tokens.KindAnnounce, tokens.KindPoll, store.KindRefresh} {
		if !strings.Contains(joined, k) {
			t.Errorf("history lacks %s: %s", k, joined)
		}
	}
}
