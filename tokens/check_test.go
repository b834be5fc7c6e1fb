package tokens

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// closedURL is a loopback URL where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestCheckMix(t *testing.T) {
	clients := map[string]string{}
	for i := range 6 {
		clients[fmt.Sprintf("client-key-%02d-xxxxxxxxxxxxxxxx", i)] = fmt.Sprintf("secret-SECRET-%02d", i)
	}
	srv := fakeservertest.New(t, fakeserver.Config{Clients: clients})
	s, _ := openTest(t, store.Options{})
	down := closedURL(t)
	add := func(name, endpoint string, i int, secret string) {
		p := sampleProfile(name)
		p.Endpoint = endpoint
		p.ClientKey = fmt.Sprintf("client-key-%02d-xxxxxxxxxxxxxxxx", i)
		if err := s.Save(p, &store.Secrets{ClientSecret: secret}, store.SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	add("good", srv.URL, 0, "secret-SECRET-00")
	add("wrong-secret", srv.URL, 1, "not-the-SECRET")
	add("failed-client", srv.URL, 2, "secret-SECRET-02")
	add("limited-long", srv.URL, 3, "secret-SECRET-03")
	add("limited-short", srv.URL, 4, "secret-SECRET-04")
	add("down", down, 5, "secret-SECRET-05")
	srv.Server.FailClient("client-key-02-xxxxxxxxxxxxxxxx")
	srv.Server.LimitClient("client-key-03-xxxxxxxxxxxxxxxx", -1, time.Minute)
	srv.Server.LimitClient("client-key-04-xxxxxxxxxxxxxxxx", 1, time.Second)

	var got []CheckResult
	names := []string{"good", "wrong-secret", "failed-client", "limited-long", "limited-short", "down", "missing"}
	err := s.Check(context.Background(), names, CheckOptions{Concurrency: 3, MaxRetryWait: 5 * time.Second},
		func(endpoint string) Issuer { return tokenclient.New(tokenclient.Options{BaseURL: endpoint}) },
		func(r CheckResult) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Profile < got[j].Profile })
	want := map[string]CheckKind{
		"good": CheckOK, "wrong-secret": CheckUnauthorized, "failed-client": CheckUnauthorized,
		"limited-long": CheckRateLimited, "limited-short": CheckOK, "down": CheckRefused, "missing": CheckNotFound,
	}
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(got), len(want), got)
	}
	for _, r := range got {
		if r.Kind != want[r.Profile] {
			t.Errorf("%s: kind %s (err %v), want %s", r.Profile, r.Kind, r.Err, want[r.Profile])
		}
		switch r.Profile {
		case "limited-long":
			if r.Requests != 1 || r.Waited != 0 || r.RetryAfter != time.Minute {
				t.Errorf("limited-long: %d requests, waited %s, retry after %s; want 1 request, no wait, 1m", r.Requests, r.Waited, r.RetryAfter)
			}
		case "limited-short":
			if r.Requests != 2 || r.Waited <= 0 {
				t.Errorf("limited-short: %d requests, waited %s; want 2 requests after a wait", r.Requests, r.Waited)
			}
		case "good":
			if !r.SkewKnown || r.ExpiresAt.IsZero() || r.SecretStore != store.SecretFile {
				t.Errorf("good: skew known %v, expires %v, secret store %q", r.SkewKnown, r.ExpiresAt, r.SecretStore)
			}
		}
	}
	// Each request is a history entry.
	if h := histOf(t, s, "limited-short"); len(h) != 2 {
		t.Errorf("limited-short history has %d entries, want 2", len(h))
	}
	// A second check uses the cache: no request.
	got = nil
	if err := s.Check(context.Background(), []string{"good"}, CheckOptions{},
		func(endpoint string) Issuer { return tokenclient.New(tokenclient.Options{BaseURL: endpoint}) },
		func(r CheckResult) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Cached || got[0].Requests != 0 {
		t.Errorf("second check: %+v, want one cached result", got)
	}
}

// barrierIssuer blocks each Issue until n calls are in flight at once (or
// the test gives up), proving that Check runs them in parallel.
type barrierIssuer struct {
	fakeIssuer
	n       int
	mu      sync.Mutex
	inside  int
	maxSeen int
	all     chan struct{}
}

func (b *barrierIssuer) Issue(ctx context.Context, req tokenclient.TokenRequest) (*tokenclient.Result, error) {
	b.mu.Lock()
	b.inside++
	b.maxSeen = max(b.maxSeen, b.inside)
	if b.inside == b.n {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
	case <-time.After(20 * time.Second):
		return nil, errors.New("not enough parallel calls")
	}
	b.mu.Lock()
	b.inside--
	b.mu.Unlock()
	return b.fakeIssuer.Issue(ctx, req)
}

func TestCheckRunsProfilesInParallel(t *testing.T) {
	s, _ := openTest(t, store.Options{})
	var names []string
	for i := range 4 {
		name := fmt.Sprintf("p%d", i)
		names = append(names, name)
		if err := s.Save(sampleProfile(name), &store.Secrets{ClientSecret: testClientSecret}, store.SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	is := &barrierIssuer{fakeIssuer: fakeIssuer{now: time.Now, ttl: time.Hour}, n: 4, all: make(chan struct{})}
	var got []CheckResult
	err := s.Check(context.Background(), names, CheckOptions{Concurrency: 4},
		func(string) Issuer { return is }, func(r CheckResult) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if !r.OK() {
			t.Errorf("%s: %s %v", r.Profile, r.Kind, r.Err)
		}
	}
	if is.maxSeen != 4 {
		t.Errorf("at most %d requests in flight, want 4", is.maxSeen)
	}
}

// A refresh refused with 401 that falls back to an issue is two requests,
// and the check says so (each is a history row).
func TestCheckCountsTheFallbackIssue(t *testing.T) {
	e := newTokenEnv(t)
	e.token(t, nil) // a token with a refresh token
	e.clock = e.clock.Add(2 * time.Hour)
	e.is.refreshErr = &tokenclient.HTTPError{Status: 401, Excerpt: "refresh token expired"}
	var got []CheckResult
	err := e.s.Check(context.Background(), []string{"p"}, CheckOptions{Now: e.opts.Now},
		func(string) Issuer { return e.is }, func(r CheckResult) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].OK() || got[0].Refreshed {
		t.Fatalf("check: %+v", got)
	}
	if h := histOf(t, e.s, "p"); got[0].Requests != 2 || len(h) != 3 {
		t.Errorf("Requests = %d with %d history rows after the first token, want 2 and 3", got[0].Requests, len(h))
	}
	// A failed fallback issue is two requests too.
	e.clock = e.clock.Add(2 * time.Hour)
	e.is.issueErr = &tokenclient.HTTPError{Status: 500}
	got = nil
	e.s.Check(context.Background(), []string{"p"}, CheckOptions{Now: e.opts.Now},
		func(string) Issuer { return e.is }, func(r CheckResult) { got = append(got, r) })
	if len(got) != 1 || got[0].OK() || got[0].Requests != 2 {
		t.Errorf("failed fallback: %+v", got)
	}
}
