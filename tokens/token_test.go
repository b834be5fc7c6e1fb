package tokens

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// fakeIssuer hands out numbered tokens valid for ttl from now.
type fakeIssuer struct {
	mu         sync.Mutex
	now        func() time.Time
	ttl        time.Duration
	issues     int
	refreshes  []string // refresh tokens used
	refreshErr error    // returned by Refresh when set
	issueErr   error
	lastReq    tokenclient.TokenRequest
}

func (f *fakeIssuer) result(kind string, n int) *tokenclient.Result {
	exp := f.now().Add(f.ttl).Truncate(time.Second)
	return &tokenclient.Result{
		Status: 200,
		Token: tokenclient.TokenResponse{
			AccessToken:  fmt.Sprintf("at-SECRET-%s-%d", kind, n),
			RefreshToken: fmt.Sprintf("rt-SECRET-%s-%d", kind, n),
			ExpiresIn:    exp.Unix(),
		},
		Expiry: tokenclient.Expiry{At: exp},
		Timing: tokenclient.Timing{Total: 42 * time.Millisecond},
	}
}

func (f *fakeIssuer) Issue(_ context.Context, req tokenclient.TokenRequest) (*tokenclient.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastReq = req
	if f.issueErr != nil {
		return &tokenclient.Result{Status: 500}, f.issueErr
	}
	f.issues++
	return f.result("issue", f.issues), nil
}

func (f *fakeIssuer) Refresh(_ context.Context, req tokenclient.RefreshRequest) (*tokenclient.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshes = append(f.refreshes, req.RefreshToken)
	if f.refreshErr != nil {
		var he *tokenclient.HTTPError
		status := 0
		if errors.As(f.refreshErr, &he) {
			status = he.Status
		}
		return &tokenclient.Result{Status: status}, f.refreshErr
	}
	return f.result("refresh", len(f.refreshes)), nil
}

type tokenEnv struct {
	s     *Store
	is    *fakeIssuer
	clock time.Time
	opts  TokenOptions
}

func newTokenEnv(t *testing.T) *tokenEnv {
	t.Helper()
	return newTokenEnvWith(t, store.Options{})
}

func newTokenEnvWith(t *testing.T, opts store.Options) *tokenEnv {
	t.Helper()
	s, _ := openTest(t, opts)
	if err := s.Save(sampleProfile("p"), &store.Secrets{ClientSecret: testClientSecret}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	e := &tokenEnv{s: s, clock: fixedNow}
	e.is = &fakeIssuer{now: func() time.Time { return e.clock }, ttl: time.Hour}
	e.opts = TokenOptions{Now: func() time.Time { return e.clock }}
	return e
}

func (e *tokenEnv) token(t *testing.T, mod func(*TokenOptions)) TokenOutcome {
	t.Helper()
	opts := e.opts
	if mod != nil {
		mod(&opts)
	}
	out, err := e.s.Token(context.Background(), "p", opts, e.is)
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	return out
}

func TestTokenCacheIssueThenCached(t *testing.T) {
	e := newTokenEnv(t)
	first := e.token(t, nil)
	if first.Cached || first.Refreshed || first.Result == nil || first.Response.AccessToken != "at-SECRET-issue-1" {
		t.Fatalf("first call: %+v", first)
	}
	if e.is.lastReq.ClientSecret != testClientSecret || e.is.lastReq.DeviceInfo == "" {
		t.Errorf("request sent: %+v", e.is.lastReq)
	}
	e.clock = e.clock.Add(58 * time.Minute) // 2 minutes left
	second := e.token(t, nil)
	if !second.Cached || second.Result != nil || second.Response.AccessToken != "at-SECRET-issue-1" ||
		second.Response.RefreshToken != "rt-SECRET-issue-1" || !second.ExpiresAt.Equal(first.ExpiresAt) {
		t.Errorf("second call: %+v", second)
	}
	if e.is.issues != 1 || len(e.is.refreshes) != 0 {
		t.Errorf("requests: %d issues, %d refreshes", e.is.issues, len(e.is.refreshes))
	}
	p, _ := e.s.Get("p")
	if p.Token == nil || !p.Token.ExpiresAt.Equal(first.ExpiresAt) || !p.Token.ObtainedAt.Equal(fixedNow) || p.LastUsed.IsZero() {
		t.Errorf("token meta: %+v", p.Token)
	}
	if len(histOf(t, e.s, "p")) != 1 || histOf(t, e.s, "p")[0].Kind != store.KindIssue || histOf(t, e.s, "p")[0].Status != 200 || histOf(t, e.s, "p")[0].Duration != 42*time.Millisecond {
		t.Errorf("history: %+v", histOf(t, e.s, "p"))
	}
	if got := TokenStatus(p.Token, e.clock); got != "valid 1m" { // 1m59.9s left
		t.Errorf("TokenStatus = %q", got)
	}
	data, _ := os.ReadFile(e.s.Path())
	if strings.Contains(string(data), "SECRET") {
		t.Errorf("profiles.json holds a token:\n%s", data)
	}
}

func TestTokenRefreshesWhenAlmostExpired(t *testing.T) {
	e := newTokenEnv(t)
	e.token(t, nil)
	e.clock = e.clock.Add(59*time.Minute + 30*time.Second) // 30 s left < 60 s
	out := e.token(t, nil)
	if !out.Refreshed || out.Cached || out.Response.AccessToken != "at-SECRET-refresh-1" {
		t.Fatalf("got %+v", out)
	}
	if len(e.is.refreshes) != 1 || e.is.refreshes[0] != "rt-SECRET-issue-1" {
		t.Errorf("refresh tokens used: %v", e.is.refreshes)
	}
	// The rotated refresh token is used next time, never the old one.
	e.clock = e.clock.Add(2 * time.Hour)
	e.token(t, nil)
	if len(e.is.refreshes) != 2 || e.is.refreshes[1] != "rt-SECRET-refresh-1" {
		t.Errorf("refresh tokens used: %v", e.is.refreshes)
	}
	sec, _ := e.s.Secrets("p")
	if sec.RefreshToken != "rt-SECRET-refresh-2" || sec.ClientSecret != testClientSecret {
		t.Errorf("stored secrets after refresh: %+v", sec)
	}
	if len(histOf(t, e.s, "p")) != 3 || histOf(t, e.s, "p")[2].Kind != store.KindRefresh {
		t.Errorf("history: %+v", histOf(t, e.s, "p"))
	}
}

func TestTokenRefreshRefusedFallsBackToIssue(t *testing.T) {
	e := newTokenEnv(t)
	e.token(t, nil)
	e.clock = e.clock.Add(2 * time.Hour)
	e.is.refreshErr = &tokenclient.HTTPError{Status: 401, Excerpt: "refresh token expired"}
	out := e.token(t, nil)
	if out.Refreshed || out.Response.AccessToken != "at-SECRET-issue-2" {
		t.Fatalf("got %+v", out)
	}
	if len(histOf(t, e.s, "p")) != 3 || histOf(t, e.s, "p")[1].Kind != store.KindRefresh || histOf(t, e.s, "p")[1].Status != 401 || histOf(t, e.s, "p")[1].Error == "" ||
		histOf(t, e.s, "p")[2].Kind != store.KindIssue || histOf(t, e.s, "p")[2].Error != "" {
		t.Errorf("history: %+v", histOf(t, e.s, "p"))
	}

	// Other refresh failures are errors, recorded in the history.
	e.clock = e.clock.Add(2 * time.Hour)
	e.is.refreshErr = &tokenclient.HTTPError{Status: 503}
	if _, err := e.s.Token(context.Background(), "p", e.opts, e.is); err == nil {
		t.Error("503 on refresh: no error")
	}
	if n := len(histOf(t, e.s, "p")); n != 4 || histOf(t, e.s, "p")[3].Status != 503 {
		t.Errorf("failure not in history: %+v", histOf(t, e.s, "p"))
	}
}

func TestTokenFreshAndForceRefresh(t *testing.T) {
	e := newTokenEnv(t)
	if _, err := e.s.Token(context.Background(), "p", TokenOptions{ForceRefresh: true, Now: e.opts.Now}, e.is); err == nil ||
		!strings.Contains(err.Error(), "no refresh token") {
		t.Errorf("force refresh without a refresh token: %v", err)
	}
	e.token(t, nil)
	if out := e.token(t, func(o *TokenOptions) { o.Fresh = true }); out.Cached || out.Response.AccessToken != "at-SECRET-issue-2" {
		t.Errorf("fresh: %+v", out)
	}
	if out := e.token(t, func(o *TokenOptions) { o.ForceRefresh = true }); !out.Refreshed || e.is.refreshes[0] != "rt-SECRET-issue-2" {
		t.Errorf("force refresh: %+v %v", out, e.is.refreshes)
	}
}

func TestTokenFailureRecordedNothingStored(t *testing.T) {
	e := newTokenEnv(t)
	e.is.issueErr = &tokenclient.HTTPError{Status: 500, Excerpt: "internal error"}
	_, err := e.s.Token(context.Background(), "p", e.opts, e.is)
	var he *tokenclient.HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("got %v", err)
	}
	p, _ := e.s.Get("p")
	if p.Token != nil || len(histOf(t, e.s, "p")) != 1 || histOf(t, e.s, "p")[0].Status != 500 || histOf(t, e.s, "p")[0].Error == "" {
		t.Errorf("after failure: token %+v history %+v", p.Token, histOf(t, e.s, "p"))
	}
	if _, err := e.s.Token(context.Background(), "nope", e.opts, e.is); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestTokenOverrideBypassesCache(t *testing.T) {
	e := newTokenEnv(t)
	e.token(t, nil)
	out := e.token(t, func(o *TokenOptions) {
		o.Override = func(r *tokenclient.TokenRequest) { r.NetworkType = "cellular" }
	})
	if out.Cached || out.Response.AccessToken != "at-SECRET-issue-2" || e.is.lastReq.NetworkType != "cellular" {
		t.Errorf("override: %+v", out)
	}
	sec, _ := e.s.Secrets("p")
	if sec.AccessToken != "at-SECRET-issue-1" {
		t.Errorf("an overridden request replaced the cached token: %+v", sec)
	}
	// An override that changes nothing keeps the cache.
	if out := e.token(t, func(o *TokenOptions) { o.Override = func(*tokenclient.TokenRequest) {} }); !out.Cached {
		t.Errorf("no-op override skipped the cache")
	}
}

func TestHistoryKeepsTheLimit(t *testing.T) {
	e := newTokenEnvWith(t, store.Options{HistoryLimit: 7})
	for range 7 + 5 {
		e.token(t, func(o *TokenOptions) { o.Fresh = true })
	}
	h := histOf(t, e.s, "p")
	if len(h) != 7 {
		t.Errorf("history has %d entries", len(h))
	}
	if p, _ := e.s.Get("p"); p.LastCall == nil || *p.LastCall != h[len(h)-1] {
		t.Errorf("LastCall %+v, newest entry %+v", p.LastCall, h[len(h)-1])
	}
}

func TestRecordResult(t *testing.T) {
	e := newTokenEnv(t)
	res := e.is.result("issue", 7)
	if err := e.s.RecordResult("p", store.KindIssue, res, nil, 0); err != nil {
		t.Fatal(err)
	}
	out := e.token(t, nil)
	if !out.Cached || out.Response.AccessToken != "at-SECRET-issue-7" {
		t.Errorf("recorded token not cached: %+v", out)
	}
	if err := e.s.RecordResult("p", "bogus", nil, nil, 0); err == nil {
		t.Error("bad kind accepted")
	}
	// A refresh without a new refresh token keeps the old one.
	res = e.is.result("refresh", 8)
	res.Token.RefreshToken = ""
	if err := e.s.RecordResult("p", store.KindRefresh, res, nil, 0); err != nil {
		t.Fatal(err)
	}
	if sec, _ := e.s.Secrets("p"); sec.AccessToken != "at-SECRET-refresh-8" || sec.RefreshToken != "rt-SECRET-issue-7" {
		t.Errorf("secrets: %+v", sec)
	}
}

// leakyIssuer fails with an error that repeats what it was sent.
type leakyIssuer struct{}

func (leakyIssuer) Issue(_ context.Context, r tokenclient.TokenRequest) (*tokenclient.Result, error) {
	return nil, fmt.Errorf("server said: bad secret %s", r.ClientSecret)
}

func (leakyIssuer) Refresh(_ context.Context, r tokenclient.RefreshRequest) (*tokenclient.Result, error) {
	return nil, fmt.Errorf("server said: bad refresh token %s", r.RefreshToken)
}

func TestHistoryNeverHoldsASecret(t *testing.T) {
	e := newTokenEnv(t)
	e.token(t, nil)
	e.clock = e.clock.Add(2 * time.Hour)
	if _, err := e.s.Token(context.Background(), "p", e.opts, leakyIssuer{}); err == nil {
		t.Fatal("no error")
	}
	if _, err := e.s.Token(context.Background(), "p", TokenOptions{Fresh: true, Now: e.opts.Now}, leakyIssuer{}); err == nil {
		t.Fatal("no error")
	}
	if err := e.s.RecordResult("p", store.KindIssue, nil, fmt.Errorf("echo %s", testClientSecret), 0); err != nil {
		t.Fatal(err)
	}
	if len(histOf(t, e.s, "p")) != 4 || !strings.Contains(histOf(t, e.s, "p")[1].Error, "bad refresh token "+tokenclient.Mask) {
		t.Errorf("history: %+v", histOf(t, e.s, "p"))
	}
	data, _ := os.ReadFile(e.s.Path())
	for _, secret := range []string{testClientSecret, "rt-SECRET-issue-1", "at-SECRET-issue-1"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("profiles.json holds a secret in the history:\n%s", data)
		}
	}
}

// blockingIssuer waits for release before answering.
type blockingIssuer struct {
	*fakeIssuer
	started chan struct{}
	release chan struct{}
}

func (b blockingIssuer) Issue(ctx context.Context, r tokenclient.TokenRequest) (*tokenclient.Result, error) {
	close(b.started)
	<-b.release
	return b.fakeIssuer.Issue(ctx, r)
}

func TestSlowTokenRequestDoesNotBlockTheStore(t *testing.T) {
	e := newTokenEnvWith(t, store.Options{LockTimeout: 200 * time.Millisecond})
	is := blockingIssuer{fakeIssuer: e.is, started: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := e.s.Token(context.Background(), "p", e.opts, is)
		done <- err
	}()
	<-is.started
	// While the request is in flight, others read and write profiles freely.
	if _, err := e.s.List(); err != nil {
		t.Errorf("List during a token request: %v", err)
	}
	if err := e.s.Save(sampleProfile("other"), nil, store.SaveOptions{}); err != nil {
		t.Errorf("Save during a token request: %v", err)
	}
	// The profile's client changes meanwhile: the token must not be kept.
	changed := sampleProfile("p")
	changed.ClientKey = "a-different-client-key-00000000"
	if err := e.s.Save(changed, nil, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	close(is.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p, _ := e.s.Get("p")
	if p.Token != nil || len(histOf(t, e.s, "p")) != 1 {
		t.Errorf("token of the old client kept: %+v", p)
	}
	if sec, _ := e.s.Secrets("p"); sec.AccessToken != "" {
		t.Error("access token of the old client stored")
	}
}

// A cached token passes the check a token from the server passes: one that
// could not have come from a server (a tampered secrets.json) is not used
// and a new one replaces it; a tampered refresh token is not sent.
func TestTamperedCachedTokenIsNotUsed(t *testing.T) {
	for _, tc := range []struct {
		name          string
		access, fresh string
		refreshes     int
	}{
		{"access token with a header line", "at-SECRET-x\r\nX-Injected: 1", "at-SECRET-refresh-1", 1},
		{"access token with an escape", "at-SECRET-\x1b]52;c;eA==\x07", "at-SECRET-refresh-1", 1},
		{"refresh token with a control character", "", "at-SECRET-issue-2", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTokenEnv(t)
			e.token(t, nil)
			_, err := e.s.Update("p", store.UpdateOptions{}, func(_ *store.Profile, sec *store.Secrets) error {
				if tc.access != "" {
					sec.AccessToken = tc.access
				} else {
					sec.AccessToken = "at-SECRET-x\r\nX-Injected: 1"
					sec.RefreshToken = "rt-SECRET\x00"
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			out := e.token(t, nil)
			if out.Cached || out.Response.AccessToken != tc.fresh || len(e.is.refreshes) != tc.refreshes {
				t.Errorf("got %q (cached %v) after %d refreshes, want %q after %d", out.Response.AccessToken, out.Cached,
					len(e.is.refreshes), tc.fresh, tc.refreshes)
			}
			if sec, _ := e.s.Secrets("p"); sec.AccessToken != tc.fresh {
				t.Errorf("the tampered token was not replaced: %q", sec.AccessToken)
			}
			// A forced refresh with a tampered refresh token refuses, naming the fix.
			if tc.refreshes == 0 {
				e.s.Update("p", store.UpdateOptions{}, func(_ *store.Profile, sec *store.Secrets) error {
					sec.RefreshToken = "rt-SECRET\x00"
					return nil
				})
				_, err := e.s.Token(context.Background(), "p", TokenOptions{ForceRefresh: true, Now: e.opts.Now}, e.is)
				if err == nil || !strings.Contains(err.Error(), "control character") || !strings.Contains(err.Error(), "--fresh") ||
					strings.Contains(err.Error(), "rt-SECRET") {
					t.Errorf("forced refresh with a tampered refresh token: %v", err)
				}
			}
		})
	}
}

// TokenFor makes the issuer only when it sends: a cached token needs no
// client (and the caller need not read the profile to learn its endpoint).
func TestTokenForMakesNoIssuerOnACacheHit(t *testing.T) {
	e := newTokenEnv(t)
	var made []string
	issuerFor := func(endpoint string) Issuer { made = append(made, endpoint); return e.is }
	if _, err := e.s.TokenFor(context.Background(), "p", e.opts, issuerFor); err != nil {
		t.Fatal(err)
	}
	out, err := e.s.TokenFor(context.Background(), "p", e.opts, issuerFor)
	if err != nil || !out.Cached || out.Requests != 0 {
		t.Fatalf("second call: %+v %v", out, err)
	}
	if len(made) != 1 || made[0] != "https://api.example.com" {
		t.Errorf("issuers made for %v, want one for the profile's endpoint", made)
	}
}
