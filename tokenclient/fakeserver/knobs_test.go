package fakeserver_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestRateLimit(t *testing.T) {
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.RateLimit = 3
	cfg.Clients["second-client-key-0000"] = "second-secret"
	srv := fakeserver.New(cfg)

	for i := range 3 {
		clock.Advance(10 * time.Second) // at t0+10s, +20s, +30s
		if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
			t.Fatalf("request %d: status %d, want 200", i+1, rec.Code)
		}
	}
	clock.Advance(5 * time.Second) // t0+35s: the oldest leaves the window at t0+70s
	rec := post(t, srv, fakeserver.IssuePath, issueBody())
	wantError(t, rec, http.StatusTooManyRequests, fakeserver.CodeRateLimited, "", "3 requests a minute")
	if got := rec.Header().Get("Retry-After"); got != "35" {
		t.Errorf("Retry-After %q, want 35", got)
	}

	// Another client has its own allowance.
	b := issueBody()
	b["clientKey"], b["clientSecret"] = "second-client-key-0000", "second-secret"
	if rec := post(t, srv, fakeserver.IssuePath, b); rec.Code != http.StatusOK {
		t.Errorf("other client: status %d, want 200", rec.Code)
	}
	// A wrong secret is refused as such and does not use up the allowance.
	bad := issueBody()
	bad["clientSecret"] = "guess"
	wantError(t, post(t, srv, fakeserver.IssuePath, bad), http.StatusUnauthorized, fakeserver.CodeInvalidClient, "clientSecret")

	// Refreshes count too, and refused requests are not counted: after
	// Retry-After one request gets in.
	clock.Advance(34 * time.Second)
	rec = post(t, srv, fakeserver.RefreshPath, refreshBody("00000000-0000-4000-8000-000000000000"))
	wantError(t, rec, http.StatusTooManyRequests, fakeserver.CodeRateLimited, "")
	if got := rec.Header().Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	clock.Advance(time.Second)
	if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
		t.Errorf("after Retry-After: status %d, want 200", rec.Code)
	}
	if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusTooManyRequests {
		t.Errorf("window full again: status %d, want 429", rec.Code)
	}
}

func TestRateLimitOffByDefault(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	for range 200 {
		if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200 with no rate limit", rec.Code)
		}
	}
}

func TestFailNext500(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	srv.FailNext(2, fakeserver.Fail500)
	for range 2 {
		wantError(t, post(t, srv, fakeserver.IssuePath, issueBody()), http.StatusInternalServerError,
			fakeserver.CodeServerError, "", "scripted")
	}
	tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	if srv.RequestCount() != 3 || srv.IssueCount() != 1 {
		t.Errorf("RequestCount %d IssueCount %d, want 3 and 1", srv.RequestCount(), srv.IssueCount())
	}
	reqs := srv.Requests()
	if reqs[0].Status != 500 || !strings.Contains(reqs[0].Error, "500") || reqs[2].Status != 200 {
		t.Errorf("log %+v", reqs)
	}
}

func TestFailNextDrop(t *testing.T) {
	run := fakeservertest.New(t, testConfig(&fakeClock{t0}))
	run.Server.FailNext(1, fakeserver.FailDrop)
	run.Server.FailNext(1, fakeserver.Fail500)

	resp, err := send(context.Background(), run.URL+fakeserver.IssuePath, issueBody())
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped request got a response: status %d", resp.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "reset") && !strings.Contains(err.Error(), "EOF") {
		t.Errorf("error %v, want a closed connection", err)
	}
	resp, err = send(context.Background(), run.URL+fakeserver.IssuePath, issueBody())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("second scripted failure: status %d, want 500", resp.StatusCode)
	}
	resp, err = send(context.Background(), run.URL+fakeserver.IssuePath, issueBody())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after the scripted failures: status %d, want 200", resp.StatusCode)
	}
	if reqs := run.Server.Requests(); len(reqs) != 3 || reqs[0].Status != 0 || !strings.Contains(reqs[0].Error, "drop") {
		t.Errorf("log %+v, want the drop first with status 0", reqs)
	}
}

func TestFailDropWithoutHijack(t *testing.T) {
	// A ResponseRecorder cannot be hijacked: the handler aborts instead.
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	srv.FailNext(1, fakeserver.FailDrop)
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", r)
		}
		if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Status != 0 {
			t.Errorf("log %+v, want one request with no response", reqs)
		}
	}()
	post(t, srv, fakeserver.IssuePath, issueBody())
}

func TestLatency(t *testing.T) {
	cfg := testConfig(&fakeClock{t0})
	cfg.Latency = 30 * time.Millisecond
	run := fakeservertest.New(t, cfg)

	resp, err := send(context.Background(), run.URL+fakeserver.IssuePath, issueBody())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := run.Server.Requests()[0].Duration; d < 30*time.Millisecond {
		t.Errorf("handled in %v, less than the 30ms latency", d)
	}

	// A client that gives up during the latency: its call ends with the
	// context error and the server stops waiting, sending nothing.
	run.Server.SetLatency(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		resp, err := send(ctx, run.URL+fakeserver.IssuePath, issueBody())
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, func() bool { return run.Server.RequestCount() == 2 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("client error %v, want context.Canceled", err)
	}
	waitFor(t, func() bool { return len(run.Server.Requests()) == 2 })
	last := run.Server.Requests()[1]
	if last.Status != 0 || !strings.Contains(last.Error, "gave up") {
		t.Errorf("log %+v, want no status and a gave-up error", last)
	}
	if run.Server.IssueCount() != 1 {
		t.Errorf("IssueCount %d, want 1", run.Server.IssueCount())
	}
}

func TestCloseEndsSleepingHandlers(t *testing.T) {
	cfg := testConfig(&fakeClock{t0})
	cfg.Latency = time.Hour
	run, err := fakeserver.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		resp, err := send(context.Background(), run.URL+fakeserver.IssuePath, issueBody())
		if err == nil {
			resp.Body.Close()
		}
	}()
	waitFor(t, func() bool { return run.Server.RequestCount() == 1 })
	run.Close() // must return, not wait an hour
	run.Close() // and be safe to repeat
	if n := len(run.Server.Requests()); n != 1 {
		t.Errorf("%d requests logged after Close, want 1", n)
	}
}

// TestLogHasNoSecrets runs every kind of request and checks neither the
// Log writer nor Requests holds the secret, a token or a signature.
func TestLogHasNoSecrets(t *testing.T) {
	var buf syncBuffer
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.Log = &buf
	cfg.RateLimit = 7
	cfg.Strict = true
	srv := fakeserver.New(cfg)

	tok := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	ts := "1700000000" // long before t0: stale
	sig := fakeserver.SignUID([]byte("test-uid-key"), "user-42", ts)
	b := refreshBody(tok.RefreshToken)
	b["uid"], b["signatureTimestamp"], b["uidSignature"] = "user-42", ts, sig
	post(t, srv, fakeserver.RefreshPath, b) // 403: stale
	tok2 := tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(tok.RefreshToken)))
	post(t, srv, fakeserver.RefreshPath, refreshBody(tok.RefreshToken)) // 401: spent
	bad := issueBody()
	bad["clientSecret"] = testSecret + "-typo"
	post(t, srv, fakeserver.IssuePath, bad)                                                     // 401
	post(t, srv, fakeserver.IssuePath, `{"clientSecret": `+`"`+testSecret+`", "clientKey": x}`) // 400 syntax
	post(t, srv, fakeserver.IssuePath, `{"clientSecret": `+testSecret[:5]+`}`)                  // 400 syntax
	extra := issueBody()
	extra["peacockUUID"], extra["mvpdIdp"] = "extra-value-never-logged", "extra-value-never-logged"
	post(t, srv, fakeserver.IssuePath, extra) // 200, unknown fields ignored
	for range 3 {
		post(t, srv, fakeserver.IssuePath, issueBody()) // the last one 429
	}

	secrets := []string{testSecret, tok.AccessToken, tok.RefreshToken, tok2.AccessToken, tok2.RefreshToken, sig, testKey, "extra-value-never"}
	log := buf.String()
	if n := strings.Count(log, "\n"); n != 11 {
		t.Errorf("%d log lines, want 11:\n%s", n, log)
	}
	for _, want := range []string{`ignored="mvpdIdp","peacockUUID"`, "POST /identity/v3/token 200", "POST /identity/v3/token/refresh 401", " 403 ", " 429 ", " 400 ", "4cFU…s04g"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	var reqs strings.Builder
	for _, r := range srv.Requests() {
		reqs.WriteString(r.ClientKey + " " + r.Error + " " + r.Path + "\n")
	}
	for _, s := range secrets {
		for _, part := range []string{s, s[:12], s[len(s)-12:]} {
			if strings.Contains(log, part) {
				t.Errorf("log contains %q:\n%s", part, log)
			}
			if strings.Contains(reqs.String(), part) {
				t.Errorf("Requests contain %q:\n%s", part, reqs.String())
			}
		}
	}
}

func TestKnobsConcurrent(t *testing.T) {
	cfg := testConfig(&fakeClock{t0})
	cfg.Strict = true // single-use refresh tokens
	run := fakeservertest.New(t, cfg)
	srv := run.Server
	tok := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))

	// Eight refreshes race with one refresh token: exactly one wins.
	var wg sync.WaitGroup
	codes := make(chan int, 8)
	for range 8 {
		wg.Go(func() {
			resp, err := send(context.Background(), run.URL+fakeserver.RefreshPath, refreshBody(tok.RefreshToken))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	wg.Go(func() {
		for range 50 {
			srv.SetLatency(0)
			srv.SetNow(time.Now)
			srv.FailNext(0, fakeserver.Fail500)
			_ = srv.Requests()
			_ = srv.IssueCount() + srv.RequestCount()
		}
	})
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		switch c {
		case http.StatusOK:
			ok++
		case http.StatusUnauthorized:
		default:
			t.Errorf("status %d, want 200 or 401", c)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent refreshes with one token succeeded, want exactly 1", ok)
	}
}

// send posts body as JSON to url with the default client.
func send(ctx context.Context, url string, body any) (*http.Response, error) {
	data := []byte(mustJSONNoT(body))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

// waitFor polls cond until it holds, failing the test after 10 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
