package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/result"
)

func content(m *Model) string { return m.View().Content }

func TestStartupFillsDeviceIDAndDetection(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	d := testDeps(rec)
	m := newModel(d)
	if m.form.Value(form.DeviceID) != testDeviceID {
		t.Fatalf("device id %q", m.form.Value(form.DeviceID))
	}
	if m.form.HasDeviceInfo() {
		t.Fatal("detection must not run in New")
	}
	msgs := runCmds(m.Init(), 100*time.Millisecond)
	var det *detectedMsg
	for _, msg := range msgs {
		if d, ok := msg.(detectedMsg); ok {
			det = &d
		}
	}
	if det == nil {
		t.Fatal("Init did not start detection")
	}
	m = update(m, *det)
	if mk, _ := m.form.MarkOf(form.OSName); mk != form.MarkDetected || m.form.Value(form.OSName) != "Linux" {
		t.Fatal("detection not applied with its mark")
	}
}

func TestTabMovesFocusAndTypingEdits(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyTab)
	if m.form.Focused() != form.ClientKey {
		t.Fatalf("tab went to %v", m.form.Focused())
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if m.form.Focused() != form.Endpoint {
		t.Fatalf("shift+tab went to %v", m.form.Focused())
	}
	m = update(m, keyRune('/'))
	if !strings.Contains(m.preview.Content(), "Host: 127.0.0.1:8080") {
		t.Fatal("preview lost the host")
	}
	if m.form.Endpoint() != testURL+"/" {
		t.Fatalf("endpoint %q", m.form.Endpoint())
	}
}

func TestPreviewMasksSecretUnlessRevealed(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	if strings.Contains(content(m), testSecret) || strings.Contains(m.preview.Content(), testSecret) {
		t.Fatal("secret on screen while hidden")
	}
	if !strings.Contains(m.preview.Content(), tokenclient.Mask) {
		t.Fatal("preview does not show the mask")
	}
	m = update(m, keyCtrl('x'))
	if !strings.Contains(m.preview.Content(), testSecret) {
		t.Fatal("revealed secret not in the preview")
	}
	m = update(m, keyCtrl('x'))
	if strings.Contains(content(m), testSecret) {
		t.Fatal("secret still on screen after hiding")
	}
}

func TestSendSendsThePreviewedRequest(t *testing.T) {
	t.Parallel()
	rec := &recorder{respond: func(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) { return okResult(), nil }}
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	previewed := m.prepared
	m, cmd := updateCmd(m, keyCtrlS)
	if !m.sending || m.result.State() != result.Sending {
		t.Fatal("not sending after ctrl+s")
	}
	sent, ok := sentFrom(runCmds(cmd, 200*time.Millisecond))
	if !ok {
		t.Fatal("no send result")
	}
	if rec.count() != 1 || rec.sent[0] != previewed {
		t.Fatal("the request sent is not the one previewed")
	}
	m = update(m, sent)
	if m.sending || m.result.Token() == nil {
		t.Fatal("token not shown")
	}
	if !strings.Contains(m.result.Content(), "expires in 1h 0m 0s") {
		t.Fatalf("no countdown in:\n%s", m.result.Content())
	}
	if m.refreshToken != testRefresh {
		t.Fatal("refresh token not kept for ctrl+r")
	}
	if strings.Contains(content(m), testRefresh) || strings.Contains(content(m), testToken) {
		t.Fatal("token or refresh token unmasked on screen")
	}
}

func TestEnterOnLastFieldSends(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	m = update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.sending || m.form.Focused() != form.ClientKey {
		t.Fatal("enter on the first field should move on, not send")
	}
	for !m.form.IsLast() {
		m = update(m, keyTab)
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if !m.sending {
		t.Fatal("enter on the last field did not send")
	}
}

func TestInvalidFormSendsNothingAndShowsEveryProblem(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	d := testDeps(rec)
	d.Initial, d.InitialSecrets = store.Profile{Endpoint: "ftp://nowhere", DeviceID: "not-a-uuid"}, store.Secrets{}
	m := newTestModel(t, d, 120, 40, true)
	m.form.SetDeviceID("not-a-uuid")
	m, cmd := updateCmd(m, keyCtrlS)
	if m.sending {
		t.Fatal("sending an invalid form")
	}
	runCmds(cmd, 50*time.Millisecond)
	if rec.count() != 0 {
		t.Fatal("something was sent")
	}
	for _, f := range []form.Field{form.Endpoint, form.ClientKey, form.ClientSecret, form.DeviceID} {
		if m.form.Problem(f) == "" {
			t.Errorf("%v shows no problem", f)
		}
	}
	if !strings.Contains(content(m), "nothing was sent") {
		t.Fatal("status does not say nothing was sent")
	}
}

func TestEscCancelsTheRequestInFlight(t *testing.T) {
	t.Parallel()
	rec := &recorder{} // nil respond: blocks until cancelled
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	m, cmd := updateCmd(m, keyCtrlS)
	msgs := make(chan []tea.Msg, 1)
	go func() { msgs <- runCmds(cmd, 500*time.Millisecond) }()
	deadline := time.Now().Add(5 * time.Second)
	for rec.count() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the sender")
		}
		time.Sleep(5 * time.Millisecond)
	}
	m = update(m, keyEsc)
	if m.sending || m.result.State() != result.Cancelled {
		t.Fatal("not cancelled")
	}
	rec.mu.Lock()
	ctx := rec.ctxs[0]
	rec.mu.Unlock()
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("the request's context was not cancelled")
	}
	if !strings.Contains(m.result.Content(), "Cancelled") || !strings.Contains(content(m), "request cancelled") {
		t.Fatal("the screen does not say it was cancelled")
	}
	// The late answer of the cancelled call changes nothing.
	sent, ok := sentFrom(<-msgs)
	if !ok || !errors.Is(sent.err, context.Canceled) {
		t.Fatalf("cancelled send returned %v", sent.err)
	}
	m = update(m, sent)
	if m.result.State() != result.Cancelled {
		t.Fatal("late answer replaced the cancelled view")
	}
}

func TestCountdownTicksToExpired(t *testing.T) {
	t.Parallel()
	now := testNow
	rec := &recorder{}
	d := testDeps(rec)
	d.Now = func() time.Time { return now }
	m := newTestModel(t, d, 120, 40, true)
	m, _ = updateCmd(m, keyCtrlS)
	m, cmd := updateCmd(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: now})
	if cmd == nil || !m.ticking {
		t.Fatal("no tick loop started")
	}
	now = now.Add(time.Second)
	m, cmd = updateCmd(m, tickMsg{seq: m.tickSeq, at: now})
	if !strings.Contains(m.result.Content(), "expires in 59m 59s") || cmd == nil {
		t.Fatalf("after 1s:\n%s", m.result.Content())
	}
	if !strings.Contains(content(m), "token expires in 59m 59s") {
		t.Fatal("header countdown missing")
	}
	now = testNow.Add(time.Hour)
	m, cmd = updateCmd(m, tickMsg{seq: m.tickSeq, at: now})
	if !strings.Contains(m.result.Content(), "EXPIRED") || cmd != nil {
		t.Fatalf("at zero: cmd %v\n%s", cmd != nil, m.result.Content())
	}
	// The tick's time is what the screen shows; the clock is not read.
	now = testNow.Add(-time.Hour)
	if strings.Contains(content(m), "expires in") {
		t.Fatal("View read the clock instead of the last tick's time")
	}
	// A stale loop's tick is ignored.
	if _, cmd := updateCmd(m, tickMsg{seq: m.tickSeq - 1}); cmd != nil {
		t.Fatal("stale tick restarted a loop")
	}
}

func TestFailuresAreShownInWords(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m, _ = updateCmd(m, keyCtrlS)
	res, err := httpFailure(401, 0, `{"error":"invalid_client","message":"unknown client or wrong secret"}`)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, err: err, at: testNow})
	c := m.result.Content()
	if !strings.Contains(c, "✗ 401 Unauthorized") || !strings.Contains(c, `  "error": "invalid_client"`) {
		t.Fatalf("401 view:\n%s", c)
	}

	m, _ = updateCmd(m, keyCtrlS)
	res, err = httpFailure(429, 30*time.Second, `{"error":"rate_limited"}`)
	m, cmd := updateCmd(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, err: err, at: testNow})
	if !strings.Contains(m.result.Content(), "retry in 30s") || cmd == nil {
		t.Fatalf("429 view:\n%s", m.result.Content())
	}

	m, _ = updateCmd(m, keyCtrlS)
	ne := &tokenclient.NetworkError{Op: "connect", Addr: "127.0.0.1:8080", Err: errors.New("connection refused")}
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", err: ne, at: testNow})
	if !strings.Contains(m.result.Content(), "Could not reach the server") {
		t.Fatalf("network view:\n%s", m.result.Content())
	}
}

func TestNonJWTTokenDoesNotCrash(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 80, 24, true)
	m, _ = updateCmd(m, keyCtrlS)
	res := okResult()
	res.Token.AccessToken = "opaque.not-a.jwt!!"
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, at: testNow})
	if !strings.Contains(m.result.Content(), "not a JWT") {
		t.Fatalf("got:\n%s", m.result.Content())
	}
}

func TestRefreshUsesLastRefreshToken(t *testing.T) {
	t.Parallel()
	rec := &recorder{respond: func(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) { return okResult(), nil }}
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	m, _ = updateCmd(m, keyCtrl('r'))
	if m.sending || !strings.Contains(content(m), "no refresh token yet") {
		t.Fatal("refresh without a token should explain")
	}
	m, _ = updateCmd(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	m, cmd := updateCmd(m, keyCtrl('r'))
	if !m.sending {
		t.Fatal("ctrl+r did not send")
	}
	runCmds(cmd, 100*time.Millisecond)
	if rec.count() != 1 || !strings.HasSuffix(rec.sent[0].URL, tokenclient.RefreshPath) ||
		!strings.Contains(string(rec.sent[0].Body), testRefresh) {
		t.Fatal("the refresh did not carry the refresh token to the refresh path")
	}
}

func TestCopyKeys(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m, _ = updateCmd(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	for _, k := range []struct {
		key  rune
		want string
	}{{'c', "access token copied"}, {'a', "Authorization header copied"}, {'u', "curl copied, secret redacted"}} {
		m2, cmd := updateCmd(m, keyRune(k.key))
		if cmd == nil || !strings.Contains(content(m2), k.want) {
			t.Errorf("%c: status %q", k.key, m2.status)
		}
	}
	if strings.Contains(m.prepared.Redacted().Curl(), testSecret) {
		t.Fatal("redacted curl holds the secret")
	}
}

func TestHelpKeys(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyRune('?'))
	if m.showHelp || !strings.HasSuffix(m.form.Endpoint(), "?") {
		t.Fatal("? in a text field must type, not open help")
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF1})
	if !m.showHelp || !strings.Contains(content(m), "re-detect device") {
		t.Fatal("F1 did not open the full key map")
	}
	m = update(m, keyEsc)
	if m.showHelp {
		t.Fatal("esc did not close help")
	}
	m.form.FocusField(form.Network)
	m = update(m, keyRune('?'))
	if !m.showHelp {
		t.Fatal("? outside text fields should open help")
	}
}

func TestHelpBarFollowsFocus(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m.form.FocusField(form.ClientSecret)
	if !strings.Contains(m.helpBar(), "show/hide secret") {
		t.Fatalf("secret help: %q", m.helpBar())
	}
	m.form.FocusField(form.DeviceID)
	if !strings.Contains(m.helpBar(), "new device id") {
		t.Fatalf("device id help: %q", m.helpBar())
	}
	m.form.FocusField(form.Network)
	if !strings.Contains(m.helpBar(), "next network") {
		t.Fatalf("network help: %q", m.helpBar())
	}
}

func TestDeviceKeys(t *testing.T) {
	t.Parallel()
	calls := 0
	d := testDeps(&recorder{})
	d.NewDeviceID = func() string { calls++; return testDeviceID }
	m := newTestModel(t, d, 120, 40, true)
	m.form.FocusField(form.DeviceID)
	m = update(m, keyCtrl('g'))
	if calls != 2 { // once at New, once for the key
		t.Fatalf("NewDeviceID called %d times", calls)
	}
	m.form.FocusField(form.OSName)
	m = update(m, keyRune('x'))
	_, cmd := updateCmd(m, keyCtrl('d'))
	msgs := runCmds(cmd, 50*time.Millisecond)
	if len(msgs) != 1 {
		t.Fatalf("re-detect gave %d messages", len(msgs))
	}
	m = update(m, msgs[0])
	if mk, _ := m.form.MarkOf(form.OSName); mk != form.MarkDetected || m.form.Value(form.OSName) != "Linux" {
		t.Fatal("re-detect did not restore the detected value")
	}
	m = update(m, keyCtrl('t'))
	if mk, _ := m.form.MarkOf(form.DeviceModel); mk != form.MarkPreset {
		t.Fatal("ctrl+t did not apply a preset")
	}
}

func TestResizeNeverPanicsAndSmallSaysSo(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m, _ = updateCmd(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	for w := 0; w <= 130; w += 9 {
		for h := 0; h <= 45; h += 4 {
			m = update(m, tea.WindowSizeMsg{Width: w, Height: h})
			v := content(m)
			if w == 0 || h == 0 {
				continue
			}
			if w < minWidth || h < minHeight {
				if !strings.Contains(v, "terminal too small") {
					t.Fatalf("%dx%d: no too-small note", w, h)
				}
				continue
			}
			lines := strings.Split(v, "\n")
			if len(lines) > h {
				t.Fatalf("%dx%d: %d lines", w, h, len(lines))
			}
		}
	}
}

func TestStoreRecordsSavedProfile(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	for _, name := range []string{"other", "work"} {
		st.put(t, store.Profile{Name: name, Endpoint: testURL, ClientKey: testKey, DeviceID: testDeviceID,
			DeviceInfo: testDetection.Info, NetworkType: device.NetworkWifi}, store.Secrets{ClientSecret: testSecret})
	}
	// work was used last: a call was made with it.
	if err := st.Store.RecordResult("work", store.KindIssue, nil, errors.New("connection refused"), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	d := testDeps(&recorder{})
	d.Demo, d.Initial, d.InitialSecrets, d.Store = nil, store.Profile{}, store.Secrets{}, st
	m := newModel(d)
	var loaded *profileLoadedMsg
	for _, msg := range runCmds(m.Init(), 100*time.Millisecond) {
		if l, ok := msg.(profileLoadedMsg); ok {
			loaded = &l
		}
	}
	if loaded == nil {
		t.Fatal("Init did not load the last-used profile")
	}
	m = update(m, *loaded)
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if m.profile != "work" || m.form.Value(form.ClientKey) != testKey {
		t.Fatal("profile not applied")
	}
	if m.profiles.Len() != 2 {
		t.Fatalf("the list read with the profile holds %d profiles", m.profiles.Len())
	}
	m = update(m, detectedMsg{d: testDetection})
	m, _ = updateCmd(m, keyCtrlS)
	if !m.sending {
		t.Fatalf("not sending: %s", m.status)
	}
	_, cmd := updateCmd(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	for _, msg := range runCmds(cmd, 100*time.Millisecond) {
		if r, ok := msg.(recordedMsg); ok && r.err != nil {
			t.Fatal(r.err)
		}
	}
	if got := strings.Join(st.records(), ","); got != "work/issue" {
		t.Fatalf("recorded %q", got)
	}
	if p, _ := st.load("work"); p.Token == nil || p.Token.AccessToken != testToken {
		t.Fatalf("the token is not cached with work: %+v", p.Token)
	}
}

// TestViewReadsNoClock renders every kind of screen with a clock that
// counts its reads: View must use the time the last message carried.
func TestViewReadsNoClock(t *testing.T) {
	t.Parallel()
	var reads atomic.Int64
	d := testDeps(&recorder{})
	d.Now = func() time.Time { reads.Add(1); return testNow }
	m := newTestModel(t, d, 120, 40, true)
	m = update(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
	for _, k := range []tea.KeyPressMsg{keyRune('f'), keyRune('r'), keyCtrl('o'), {Code: tea.KeyF1}} {
		m = update(m, k)
		before := reads.Load()
		_ = m.View()
		if n := reads.Load() - before; n != 0 {
			t.Fatalf("View after %s read the clock %d times", k, n)
		}
	}
}
