package tokenclient

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPrepareActivationCalls(t *testing.T) {
	c := New(Options{BaseURL: "http://127.0.0.1:9", UserAgent: "ua/1"})
	rc := c.PrepareRegCode(testAccessToken)
	if rc.Method != http.MethodGet || rc.URL != "http://127.0.0.1:9/utilities/v1/regcode" || len(rc.Body) != 0 {
		t.Errorf("regcode = %s %s %q", rc.Method, rc.URL, rc.Body)
	}
	if got := rc.Header.Get("Authorization"); got != "Bearer "+testAccessToken {
		t.Errorf("Authorization = %q", got)
	}
	red := rc.Redacted()
	text := red.HTTP() + red.Curl()
	if strings.Contains(text, testAccessToken) {
		t.Errorf("redacted regcode shows the token:\n%s", text)
	}
	if !strings.Contains(red.HTTP(), "Authorization: "+Mask) || strings.Contains(red.HTTP(), "Content-Length") {
		t.Errorf("redacted HTTP:\n%s", red.HTTP())
	}
	if !strings.Contains(red.Curl(), `'Authorization: Bearer '"$AUTHDECK_ACCESS_TOKEN"`) || strings.Contains(red.Curl(), "--data-raw") {
		t.Errorf("redacted curl:\n%s", red.Curl())
	}

	an := c.PrepareAnnounce(testAccessToken, Announce{RegCode: "K7QX3M", DeviceID: testDeviceID})
	if an.Method != http.MethodPut || an.URL != "http://127.0.0.1:9/keystore/v1/mvpd/K7QX3M?ttl=600000" {
		t.Errorf("announce = %s %s", an.Method, an.URL)
	}
	want := `{"ctvDevice":"AndroidTV","deviceId":"` + testDeviceID + `","expiresIn":600,"platform":"ctv","regCode":"K7QX3M","nflAccount":true,"nflToken":true}`
	if string(an.Body) != want {
		t.Errorf("announce body\n got %s\nwant %s", an.Body, want)
	}
	if an.Header.Get("Content-Type") != "application/json" || !strings.Contains(an.Redacted().HTTP(), "Content-Length: ") {
		t.Errorf("announce headers:\n%s", an.Redacted().HTTP())
	}
	pa := c.PrepareAnnounce(testAccessToken, Announce{RegCode: "K7QX3M", DeviceID: testDeviceID, IDP: IDPPeacock, TTL: time.Minute})
	if !strings.HasSuffix(pa.URL, "?ttl=60000") || !strings.HasSuffix(string(pa.Body), `"regCode":"K7QX3M","idp":"PEACOCK","nflAccount":false}`) {
		t.Errorf("partner announce = %s %s", pa.URL, pa.Body)
	}
	if p := c.PreparePoll(testAccessToken, "A/B"); p.URL != "http://127.0.0.1:9/keystore/v1/mvpd/A%2FB" {
		t.Errorf("poll URL = %s (the code must be one path segment)", p.URL)
	}
}

func TestParseIDP(t *testing.T) {
	for in, want := range map[string]IDP{"": IDPNFL, "nfl": IDPNFL, "tv-provider": IDPTVProvider, "TV_PROVIDER": IDPTVProvider,
		"amazon": IDPAmazon, "Peacock": IDPPeacock, "youtube": IDPYouTube} {
		got, err := ParseIDP(in)
		if err != nil || got != want {
			t.Errorf("ParseIDP(%q) = %q, %v", in, got, err)
		}
		if err == nil && in != "" {
			if back, _ := ParseIDP(got.Flag()); back != got {
				t.Errorf("Flag of %q does not parse back", got)
			}
		}
	}
	if _, err := ParseIDP("gigya"); err == nil || !strings.Contains(err.Error(), "tv-provider") {
		t.Errorf("ParseIDP(gigya) error = %v", err)
	}
}

func TestActivationPage(t *testing.T) {
	if got := ActivationPage(DefaultBaseURL); got != "https://id.nfl.com/account/activate" {
		t.Errorf("production page = %s", got)
	}
	if got := ActivationPage("http://127.0.0.1:8765"); got != "http://127.0.0.1:8765/account/activate" {
		t.Errorf("other page = %s", got)
	}
	if got := ActivationURL("https://x/a?lang=en", "AB C"); got != "https://x/a?lang=en&regCode=AB+C" {
		t.Errorf("ActivationURL = %s", got)
	}
}

// script is an httptest server answering each request with the next
// scripted handler; the last one repeats.
type script struct {
	mu    sync.Mutex
	steps []http.HandlerFunc
	n     int
	seen  []*http.Request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.steps[min(s.n, len(s.steps)-1)]
	s.n++
	s.seen = append(s.seen, r)
	s.mu.Unlock()
	h(w, r)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func serveScript(t *testing.T, steps ...http.HandlerFunc) (*script, *Client) {
	t.Helper()
	s := &script{steps: steps}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, New(Options{BaseURL: hs.URL, Timeout: 2 * time.Second})
}

func TestRegCodeAnswers(t *testing.T) {
	ctx := context.Background()
	_, c := serveScript(t, reply(200, `{"regCode":"K7QX3M"}`))
	if _, code, err := c.RegCode(ctx, c.PrepareRegCode(testAccessToken)); err != nil || code != "K7QX3M" {
		t.Fatalf("RegCode = %q, %v", code, err)
	}
	cases := []struct {
		name, body string
		status     int
		want       []string
	}{
		{"missing regCode", `{"code":"K7QX3M"}`, 200, []string{"registration code (GET /utilities/v1/regcode)", "200 OK", "regCode is missing", "did not hand out a code"}},
		{"empty", ``, 200, []string{"registration code", "body is empty"}},
		{"html", `<html><body>hi</body></html>`, 200, []string{"HTML page"}},
		{"unauthorized", `{"error":"invalid_token","token":"` + testAccessToken + `"}`, 401, []string{"401 Unauthorized", "Bearer token", "start again"}},
		{"control chars", `{"regCode":"AB\u001b[2J"}`, 200, []string{"control character"}},
	}
	for _, tc := range cases {
		_, c := serveScript(t, reply(tc.status, tc.body))
		_, code, err := c.RegCode(ctx, c.PrepareRegCode(testAccessToken))
		var se *StepError
		if !errors.As(err, &se) || se.Step != StepRegCode || code != "" {
			t.Errorf("%s: err = %v, code %q", tc.name, err, code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q: %s", tc.name, w, err)
			}
		}
		assertNoSecrets(t, err)
	}
}

func TestAnnounceRefused(t *testing.T) {
	for status, hint := range map[int]string{401: "Bearer token", 403: "Bearer token", 500: "try again later", 503: "try again later"} {
		_, c := serveScript(t, reply(status, `{"message":"no `+testAccessToken+`"}`))
		_, err := c.AnnounceCode(context.Background(), c.PrepareAnnounce(testAccessToken, Announce{RegCode: "K7QX3M", DeviceID: testDeviceID}))
		var se *StepError
		if !errors.As(err, &se) || se.Step != StepAnnounce || se.Status() != status {
			t.Fatalf("%d: err = %v", status, err)
		}
		msg := err.Error()
		for _, w := range []string{"announce (PUT /keystore/v1/mvpd/K7QX3M)", http.StatusText(status), hint} {
			if !strings.Contains(msg, w) {
				t.Errorf("%d: error lacks %q: %s", status, w, msg)
			}
		}
		if strings.Contains(msg, "client key") {
			t.Errorf("%d: the token calls' hint leaked into an activation error: %s", status, msg)
		}
		assertNoSecrets(t, err)
	}
}

func quick(o PollOptions) PollOptions {
	o.AccessToken, o.RegCode = testAccessToken, "K7QX3M"
	if o.Interval == 0 {
		o.Interval = 5 * time.Millisecond
	}
	if o.Deadline.IsZero() {
		o.Deadline = time.Now().Add(time.Minute)
	}
	return o
}

const activated = `{"uid":"u-1","uidSignature":"` + testUIDSignature + `","signatureTimestamp":"1758729047"}`

func TestPollActivatedAfterWaiting(t *testing.T) {
	s, c := serveScript(t, reply(200, `{}`), reply(200, `{"deviceId":"x"}`), reply(200, activated))
	var events []PollEvent
	out := c.Poll(context.Background(), quick(PollOptions{OnPoll: func(e PollEvent) { events = append(events, e) }}))
	if out.Reason != StopActivated || out.Err != nil || out.Polls != 3 || out.Record.UID != "u-1" || out.Record.UIDSignature != testUIDSignature {
		t.Fatalf("outcome = %+v", out)
	}
	if len(events) != 3 || events[0].Result.Status != 200 || events[2].Next != 0 || events[0].Next <= 0 {
		t.Errorf("events = %+v", events)
	}
	if got := s.seen[0].Header.Get("Authorization"); got != "Bearer "+testAccessToken {
		t.Errorf("poll Authorization = %q", got)
	}
}

func TestPollPartnerWaitsForUserID(t *testing.T) {
	_, c := serveScript(t, reply(200, `{"idp":"TV_PROVIDER","uuid":"x"}`), reply(200, `{"idp":"Comcast","userId":"42","uuid":"uu"}`))
	var partial string
	out := c.Poll(context.Background(), quick(PollOptions{IDP: IDPTVProvider, OnPoll: func(e PollEvent) {
		if e.N == 1 {
			partial = e.Partial
		}
	}}))
	if out.Reason != StopActivated || out.Record.UserID != "42" || out.Polls != 2 || partial != "idp/uuid without userId" {
		t.Fatalf("outcome = %+v, partial %q", out, partial)
	}
}

func TestPollNotFoundIsRefused(t *testing.T) {
	_, c := serveScript(t, reply(404, `{"error":"not_found"}`))
	out := c.Poll(context.Background(), quick(PollOptions{}))
	if out.Reason != StopRefused || out.Polls != 1 {
		t.Fatalf("outcome = %+v", out)
	}
	for _, w := range []string{"poll (GET /keystore/v1/mvpd/K7QX3M)", "404 Not Found", "unknown or has expired"} {
		if !strings.Contains(out.Err.Error(), w) {
			t.Errorf("error lacks %q: %s", w, out.Err)
		}
	}
}

func TestPollRetriesServerErrorsThenSucceeds(t *testing.T) {
	_, c := serveScript(t, reply(200, `{}`), reply(502, `bad gateway`), reply(429, `slow down`), reply(503, ``), reply(200, activated))
	var failures []int
	out := c.Poll(context.Background(), quick(PollOptions{Retries: 3, OnPoll: func(e PollEvent) { failures = append(failures, e.Failures) }}))
	if out.Reason != StopActivated || out.Polls != 5 {
		t.Fatalf("outcome = %+v", out)
	}
	if want := []int{0, 1, 2, 3, 0}; len(failures) != 5 || failures[1] != want[1] || failures[3] != want[3] {
		t.Errorf("failures in a row = %v, want %v", failures, want)
	}
}

func TestPollGivesUpOnUnreachableServer(t *testing.T) {
	s, c := serveScript(t, reply(200, `{}`), reply(500, `{"message":"down"}`))
	out := c.Poll(context.Background(), quick(PollOptions{Retries: 2}))
	if out.Reason != StopUnreachable || out.Polls != 4 || s.count() != 4 {
		t.Fatalf("outcome = %+v after %d requests", out, s.count())
	}
	for _, w := range []string{"gave up after 3 failed polls", "poll", "500 Internal Server Error", "try again later"} {
		if !strings.Contains(out.Err.Error(), w) {
			t.Errorf("error lacks %q: %s", w, out.Err)
		}
	}
}

func TestPollNetworkDropMidPoll(t *testing.T) {
	// The server goes away after two answers: every poll after that fails
	// to connect, and the poll gives up with the network error.
	s := &script{steps: []http.HandlerFunc{reply(200, `{}`)}}
	hs := httptest.NewServer(s)
	c := New(Options{BaseURL: hs.URL, Timeout: time.Second})
	var closed atomic.Bool
	out := c.Poll(context.Background(), quick(PollOptions{Retries: 2, OnPoll: func(e PollEvent) {
		if e.N == 2 && closed.CompareAndSwap(false, true) {
			hs.Close()
		}
	}}))
	if !closed.Load() || out.Reason != StopUnreachable || out.Polls != 5 {
		t.Fatalf("outcome = %+v", out)
	}
	var ne *NetworkError
	if !errors.As(out.Err, &ne) || !strings.Contains(out.Err.Error(), "check that the endpoint is reachable") {
		t.Errorf("error = %v", out.Err)
	}
}

func TestPollHangingServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	s := &script{steps: []http.HandlerFunc{hang}}
	hs := httptest.NewServer(s)
	defer hs.Close()
	c := New(Options{BaseURL: hs.URL, Timeout: 30 * time.Millisecond})
	out := c.Poll(context.Background(), quick(PollOptions{Retries: 1}))
	var ne *NetworkError
	if out.Reason != StopUnreachable || out.Polls != 2 || !errors.As(out.Err, &ne) || !ne.Timeout() {
		t.Fatalf("outcome = %+v", out)
	}
	if !strings.Contains(out.Err.Error(), "timed out") || !strings.Contains(out.Err.Error(), "poll") {
		t.Errorf("error = %v", out.Err)
	}
}

func TestPollUIDWithoutSignatureExpires(t *testing.T) {
	_, c := serveScript(t, reply(200, `{"uid":"u-1"}`))
	out := c.Poll(context.Background(), quick(PollOptions{Deadline: time.Now().Add(60 * time.Millisecond)}))
	var ee *ExpiredError
	if out.Reason != StopExpired || !errors.As(out.Err, &ee) || out.Polls < 1 {
		t.Fatalf("outcome = %+v", out)
	}
	for _, w := range []string{"expired", "uid without uidSignature and signatureTimestamp", "start again"} {
		if !strings.Contains(out.Err.Error(), w) {
			t.Errorf("error lacks %q: %s", w, out.Err)
		}
	}
	if out.Record.UID != "" {
		t.Errorf("an expired poll hands out a record: %+v", out.Record)
	}
}

func TestPollExpiredBeforeStart(t *testing.T) {
	s, c := serveScript(t, reply(200, activated))
	out := c.Poll(context.Background(), quick(PollOptions{Deadline: time.Now().Add(-time.Second)}))
	if out.Reason != StopExpired || out.Polls != 0 || s.count() != 0 {
		t.Fatalf("outcome = %+v, %d requests", out, s.count())
	}
}

func TestPollCancelled(t *testing.T) {
	// Cancelled while waiting between polls.
	_, c := serveScript(t, reply(200, `{}`))
	ctx, cancel := context.WithCancel(context.Background())
	out := c.Poll(ctx, quick(PollOptions{Interval: time.Hour, OnPoll: func(PollEvent) { cancel() }}))
	if out.Reason != StopCancelled || out.Polls != 1 || !errors.Is(out.Err, context.Canceled) {
		t.Fatalf("between polls: outcome = %+v", out)
	}
	if strings.Contains(out.Err.Error(), "try") {
		t.Errorf("a cancel suggests something to try: %s", out.Err)
	}

	// Cancelled during a poll that hangs.
	started := make(chan struct{}, 1)
	hang := func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	}
	_, c = serveScript(t, hang)
	ctx, cancel = context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	out = c.Poll(ctx, quick(PollOptions{}))
	if out.Reason != StopCancelled || !errors.Is(out.Err, context.Canceled) {
		t.Fatalf("during a poll: outcome = %+v", out)
	}
}

func TestReadRecordTypes(t *testing.T) {
	for body, want := range map[string]string{
		`{"uid":42}`:                        "uid is not a string",
		`{"uid":"a","uid":"b"}`:             "more than once",
		`[1]`:                               "not an object",
		`{"uidSignature":"a\u0000b"}`:       "control character",
		`{"signatureTimestamp":1758729047}`: "",
	} {
		_, c := serveScript(t, reply(200, body))
		_, rec, err := c.ReadRecord(context.Background(), c.PreparePoll(testAccessToken, "K"))
		switch {
		case want == "" && (err != nil || rec.SignatureTimestamp != "1758729047"):
			t.Errorf("%s: %+v, %v", body, rec, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: err = %v, want %q", body, err, want)
		}
	}
}

func TestWithActivation(t *testing.T) {
	base := validIssue()
	base.Fields = []Field{{Name: "peacockUUID", Value: json.RawMessage(`"old"`)}, {Name: "keep", Value: json.RawMessage(`1`)}}
	nfl := WithActivation(base, IDPNFL, Record{UID: "u", UIDSignature: "s", SignatureTimestamp: "1"})
	if nfl.UID != "u" || nfl.UIDSignature != "s" || nfl.SignatureTimestamp != "1" || len(nfl.Fields) != 1 || nfl.Fields[0].Name != "keep" {
		t.Errorf("nfl = %+v", nfl)
	}
	if len(base.Fields) != 2 {
		t.Errorf("WithActivation changed its argument's fields: %+v", base.Fields)
	}
	tv := WithActivation(nfl, IDPTVProvider, Record{IDP: "Comcast", UserID: "42", UUID: "uu"})
	body := string(New(Options{}).PrepareRefresh(RefreshRequest{TokenRequest: tv, RefreshToken: "r"}).Body)
	if tv.UID != "" || !strings.HasSuffix(body, `"keep":1,"mvpdIdp":"Comcast","mvpdUUID":"uu","mvpdUserId":"42"}`) {
		t.Errorf("tv-provider refresh body = %s", body)
	}
	am := WithActivation(tv, IDPAmazon, Record{UserID: "a1", UUID: "a2"})
	if len(am.Fields) != 3 || am.Fields[1].Name != "amazonPrimeUUID" || am.Fields[2].Name != "amazonPrimeUserId" {
		t.Errorf("amazon fields = %+v", am.Fields)
	}
}
