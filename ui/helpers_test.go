package ui

import (
	"context"
	"encoding/base64"
	"image/color"
	"net/http"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// Fixed inputs so that views are stable.
const (
	testURL      = "http://127.0.0.1:8080"
	testKey      = "authdeck-demo-client-key-0000001"
	testSecret   = "demo-secret-DO-NOT-LEAK"
	testDeviceID = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
	testRefresh  = "refresh-DO-NOT-LEAK-7f3a9c"
)

var (
	testNow       = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	testDetection = device.Detection{
		Info:          device.Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "12"},
		Sources:       device.Sources{Model: "chassis type in /sys/class/dmi/id", Version: "default web client name", OSName: "ID in /etc/os-release", OSVersion: "VERSION_ID in /etc/os-release"},
		Network:       device.NetworkWifi,
		NetworkSource: "default route via wlan0 (wireless)",
	}
	// testToken is a fixed, unsigned-looking JWT.
	testToken = jwtOf(`{"alg":"HS256","typ":"JWT"}`,
		`{"iss":"authdeck-fakeserver","sub":"`+testDeviceID+`","iat":1795770000,"exp":1795773600,"clientKey":"`+testKey+`"}`)
)

// jwtOf builds a token from a header and claims (the signature is fake).
func jwtOf(header, claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(claims)) + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk"
}

// recorder remembers what was sent and answers with respond.
type recorder struct {
	mu      sync.Mutex
	sent    []*tokenclient.Prepared
	ctxs    []context.Context
	respond func(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent)
}

// fakeSender prepares with the real client and sends through the recorder.
type fakeSender struct {
	c   *tokenclient.Client
	rec *recorder
}

func (f fakeSender) PrepareIssue(r tokenclient.TokenRequest) *tokenclient.Prepared {
	return f.c.PrepareIssue(r)
}

func (f fakeSender) PrepareRefresh(r tokenclient.RefreshRequest) *tokenclient.Prepared {
	return f.c.PrepareRefresh(r)
}

func (f fakeSender) Send(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
	f.rec.mu.Lock()
	f.rec.sent = append(f.rec.sent, p)
	f.rec.ctxs = append(f.rec.ctxs, ctx)
	respond := f.rec.respond
	f.rec.mu.Unlock()
	if respond == nil {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return respond(ctx, p)
}

// premiumToken is a signed-in token shaped like a real one: a premium plan
// cancelled but paid until 2027-01-03, NFL+ expired, two networks.
var premiumToken = jwtOf(`{"alg":"HS256","typ":"JWT"}`, `{"clientKey":"`+testKey+`","iss":"NFL","deviceId":"`+testDeviceID+`","uid":"a3f09c1e7b2d4f60","plans":[`+
	`{"plan":"free","source":"NFL","status":"ACTIVE","startDate":"2024-01-01","expirationDate":"2125-01-01","trial":false},`+
	`{"plan":"NFL_PLUS_PREMIUM","source":"NFL","status":"CANCELLED","startDate":"2026-09-01","expirationDate":"2027-01-03","trial":false},`+
	`{"plan":"NFL_PLUS","source":"NFL","status":"EXPIRED","startDate":"2025-08-01","expirationDate":"2026-08-01","trial":true}],`+
	`"networks":{"NFLN":"true","NFLRZ":"true"},"countryCode":"US","dmaCode":"501","region":"NY","city":"new york","roles":["free","premium"],"exp":1795773600}`)

// okResult is a fixed successful answer.
func okResult() *tokenclient.Result { return okResultWith(testToken) }

// okResultWith is a fixed successful answer carrying token.
func okResultWith(token string) *tokenclient.Result {
	return &tokenclient.Result{
		Status: 200,
		Raw:    []byte(`{"accessToken":"` + token + `","expiresIn":1795773600,"refreshToken":"` + testRefresh + `"}`),
		Token:  tokenclient.TokenResponse{AccessToken: token, ExpiresIn: 1795773600, RefreshToken: testRefresh},
		Header: http.Header{"Content-Type": {"application/json"}, "Date": {"Fri, 27 Nov 2026 09:00:00 GMT"}, "Server": {"nginx"},
			"Via": {"1.1 varnish"}, "X-Cache": {"MISS"}, "X-Request-Id": {"5f1c2e7a-req"}, "Set-Cookie": {"session=" + testRefresh}},
		Timing: tokenclient.Timing{DNS: 1200 * time.Microsecond, Connect: 800 * time.Microsecond, FirstByte: 41 * time.Millisecond, Total: 45 * time.Millisecond},
		Expiry: tokenclient.Expiry{At: testNow.Add(time.Hour)},
	}
}

// httpFailure is a fixed 4xx answer.
func httpFailure(status int, retry time.Duration, body string) (*tokenclient.Result, error) {
	res := &tokenclient.Result{Status: status, Raw: []byte(body),
		Timing: tokenclient.Timing{Connect: 700 * time.Microsecond, FirstByte: 9 * time.Millisecond, Total: 11 * time.Millisecond}}
	return res, &tokenclient.HTTPError{Status: status, Body: []byte(body), Excerpt: body, RetryAfter: retry}
}

// testDeps are fixed dependencies for a demo-like session.
func testDeps(rec *recorder) Deps {
	return Deps{
		NewClient: func(baseURL string, timeout time.Duration) Sender {
			return fakeSender{c: tokenclient.New(tokenclient.Options{BaseURL: baseURL, Timeout: timeout}), rec: rec}
		},
		Detect:         func() device.Detection { return testDetection },
		NewDeviceID:    func() string { return testDeviceID },
		Now:            func() time.Time { return testNow },
		Location:       time.UTC,
		Demo:           &DemoInfo{ServerURL: testURL},
		Initial:        store.Profile{Endpoint: testURL, ClientKey: testKey, NetworkType: device.NetworkOther},
		InitialSecrets: store.Secrets{ClientSecret: testSecret},
	}
}

// noTimer is the timerFunc of unit tests: a timer never fires (the tests
// feed tickMsg and friends themselves), so collecting a command's messages
// never waits for one.
func noTimer(time.Duration, func() tea.Msg) tea.Cmd {
	return func() tea.Msg { return nil }
}

// newModel is New with timers that never fire.
func newModel(d Deps) *Model {
	m := New(d)
	m.after = noTimer
	return m
}

// newTestModel is a sized, dark, detected console.
func newTestModel(t testing.TB, d Deps, w, h int, dark bool) *Model {
	t.Helper()
	m := newModel(d)
	m = update(m, tea.WindowSizeMsg{Width: w, Height: h})
	var bg color.Color = color.White
	if dark {
		bg = color.Black
	}
	m = update(m, tea.BackgroundColorMsg{Color: bg})
	m = update(m, detectedMsg{d: d.Detect()})
	return m
}

// update feeds one message and drops the command.
func update(m *Model, msg tea.Msg) *Model {
	next, _ := m.Update(msg)
	return next.(*Model)
}

// updateCmd feeds one message and keeps the command.
func updateCmd(m *Model, msg tea.Msg) (*Model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(*Model), cmd
}

// runCmds runs cmd (and batches inside it) in goroutines and returns the
// messages that arrive within wait: ticks and blocked sends are left behind.
func runCmds(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	return collect(cmd, wait, wait)
}

// sentFrom picks the sentMsg among msgs.
func sentFrom(msgs []tea.Msg) (sentMsg, bool) {
	for _, m := range msgs {
		if s, ok := m.(sentMsg); ok {
			return s, true
		}
	}
	return sentMsg{}, false
}

var (
	keyCtrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	// keySaveAs opens the "save the form as" prompt; keySave saves.
	keySaveAs = tea.KeyPressMsg{Code: tea.KeyF12}
	keySave   = tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	keyEsc    = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyTab    = tea.KeyPressMsg{Code: tea.KeyTab}
)

func keyRune(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func keyCtrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }
