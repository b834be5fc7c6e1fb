package tokens

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// Defaults for CheckOptions.
const (
	DefaultCheckConcurrency = 4                // token requests in flight at once
	DefaultMaxRetryWait     = 10 * time.Second // longest Retry-After waited out
)

// CheckOptions refine Check.
type CheckOptions struct {
	// Concurrency is how many profiles are checked at once; default
	// DefaultCheckConcurrency.
	Concurrency int
	// Fresh issues a new token for every profile instead of using a cached
	// one (TokenOptions.Fresh); ForceRefresh refreshes with the cached
	// refresh token instead (TokenOptions.ForceRefresh).
	Fresh        bool
	ForceRefresh bool
	// MaxRetryWait is the longest Retry-After a rate-limited profile waits
	// out before its one retry; a longer (or absent) Retry-After is reported
	// as CheckRateLimited without another request. Zero is
	// DefaultMaxRetryWait; negative never waits.
	MaxRetryWait time.Duration
	// MinValidity and Now are passed to Token.
	MinValidity time.Duration
	Now         func() time.Time
	// Expect is what a passing check must also find in the token; a token
	// that falls short is reported as CheckUnmet. A MinLeft longer than
	// MinValidity also raises MinValidity, so a cached token with less
	// left is renewed first and the check judges what the server gives.
	Expect Expectations
}

// CheckKind classifies a profile's check. Its values are stable words for
// scripts (authdeck check --output json).
type CheckKind string

// The kinds of CheckResult.
const (
	CheckOK           CheckKind = "ok"           // a token was issued, refreshed or found in the cache
	CheckUnauthorized CheckKind = "unauthorized" // 401: wrong client key or secret (or refresh token)
	CheckForbidden    CheckKind = "forbidden"    // 403
	CheckRateLimited  CheckKind = "rate_limited" // 429, not retried (Retry-After too long or absent) or refused again
	CheckHTTP         CheckKind = "http_error"   // another 4xx or 5xx
	CheckTimeout      CheckKind = "timeout"      // no answer in time
	CheckDNS          CheckKind = "dns"          // the host name did not resolve
	CheckRefused      CheckKind = "refused"      // connection refused
	CheckConnect      CheckKind = "connect"      // no route, or another connect failure
	CheckTLS          CheckKind = "tls"          // certificate or handshake failure
	CheckNetwork      CheckKind = "network"      // another network failure (reset, proxy, read)
	CheckBadResponse  CheckKind = "bad_response" // a redirect, or a 2xx without a usable token
	CheckInvalid      CheckKind = "invalid"      // the profile makes an invalid request (nothing sent)
	CheckCanceled     CheckKind = "canceled"     // the check was cancelled
	CheckError        CheckKind = "error"        // a local problem: profile missing, secrets unreadable, lock timeout
	CheckNotFound     CheckKind = "not_found"    // no such profile
	CheckUnmet        CheckKind = "unmet"        // a token came, but it does not meet CheckOptions.Expect
)

// CheckResult is the outcome of checking one profile. It never holds a
// secret: no token, and Err's text is the client's, which masks secrets.
type CheckResult struct {
	Profile     string
	Endpoint    string
	SecretStore store.SecretStore // where the profile's secrets are
	Kind        CheckKind
	Status      int   // the HTTP status of the last response; 0 when none came
	Err         error // nil when Kind is CheckOK
	Cached      bool  // the cached token was valid: no request was made
	Refreshed   bool  // obtained with the refresh token
	ExpiresAt   time.Time
	// Latency is the last request's duration as the client measured it, or
	// the whole call's when no response came (or none was needed).
	Latency time.Duration
	// RetryAfter is the server's last Retry-After (429), Waited the time
	// spent waiting it out before the retry.
	RetryAfter time.Duration
	Waited     time.Duration
	Requests   int // token requests made (each is a history entry)
	// Skew is the server clock minus the local clock (tokenclient.ClockSkew)
	// from the last response; SkewKnown is false when no response had a Date.
	Skew      time.Duration
	SkewKnown bool
	// Access is the verdict on the token's claims (tokenclient.ExplainAccess)
	// at the time of the check; nil when no token came.
	Access *tokenclient.Access
	// Unmet are the expectations the token did not meet (Kind CheckUnmet).
	Unmet []Unmet
}

// OK reports whether the profile passed.
func (r CheckResult) OK() bool { return r.Kind == CheckOK }

// Check gets a token for each named profile through Token (so every request
// is a history entry and the cache and locking rules hold), at most
// opts.Concurrency at a time, and reports each profile on each as it
// finishes. each is never called concurrently. issuerFor returns the issuer
// for an endpoint; it is called once per distinct endpoint. A rate-limited
// profile whose Retry-After is at most opts.MaxRetryWait waits that long and
// is retried once; otherwise it is reported, never retried at once.
//
// An unknown name is reported as CheckNotFound. Cancelling ctx stops
// starting new checks; the ones in flight are reported (as canceled) and
// Check returns ctx's error. Otherwise it returns nil: failures are in the
// results, not the error.
func (s *Store) Check(ctx context.Context, names []string, opts CheckOptions, issuerFor func(endpoint string) Issuer, each func(CheckResult)) error {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultCheckConcurrency
	}
	if opts.MaxRetryWait == 0 {
		opts.MaxRetryWait = DefaultMaxRetryWait
	}
	profiles, err := s.List()
	if err != nil {
		return err
	}
	byName := make(map[string]store.Profile, len(profiles))
	for _, p := range profiles {
		byName[p.Name] = p
	}

	var (
		issuersMu sync.Mutex
		issuers   = map[string]Issuer{}
		eachMu    sync.Mutex
		wg        sync.WaitGroup
	)
	issuer := func(endpoint string) Issuer {
		issuersMu.Lock()
		defer issuersMu.Unlock()
		is, ok := issuers[endpoint]
		if !ok {
			is = issuerFor(endpoint)
			issuers[endpoint] = is
		}
		return is
	}
	report := func(r CheckResult) {
		eachMu.Lock()
		defer eachMu.Unlock()
		if each != nil {
			each(r)
		}
	}
	sem := make(chan struct{}, opts.Concurrency)
loop:
	for _, name := range names {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break loop
		}
		if ctx.Err() != nil {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p, ok := byName[name]
			if !ok {
				report(CheckResult{Profile: name, Kind: CheckNotFound, Err: fmt.Errorf("profile %q: %w", name, store.ErrNotFound)})
				return
			}
			report(s.checkOne(ctx, p, opts, issuer(p.Endpoint)))
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// checkOne checks one profile: a token (tokenWithRetry), the verdict on its
// claims, and the expectations.
func (s *Store) checkOne(ctx context.Context, p store.Profile, opts CheckOptions, is Issuer) CheckResult {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	topts := TokenOptions{Fresh: opts.Fresh, ForceRefresh: opts.ForceRefresh, MinValidity: max(opts.MinValidity, opts.Expect.MinLeft), Now: now}
	r, out := s.tokenWithRetry(ctx, p, opts, topts, is)
	if r.Kind == CheckOK && out.Response.AccessToken != "" {
		at := now()
		a := tokenclient.ExplainAccess(tokenclient.DecodeJWT(out.Response.AccessToken), at)
		r.Access = &a
		if r.Unmet = opts.Expect.Evaluate(r.Access, r.ExpiresAt, at); len(r.Unmet) > 0 {
			r.Kind = CheckUnmet
		}
	}
	return r
}

// tokenWithRetry is one Token call, and one more after waiting out a short
// Retry-After; it returns the result and the last call's outcome.
func (s *Store) tokenWithRetry(ctx context.Context, p store.Profile, opts CheckOptions, topts TokenOptions, is Issuer) (CheckResult, TokenOutcome) {
	r := CheckResult{Profile: p.Name, Endpoint: p.Endpoint, SecretStore: p.SecretStore}
	for attempt := 0; ; attempt++ {
		start := time.Now()
		out, err := s.Token(ctx, p.Name, topts, is)
		r.Latency = time.Since(start)
		r.Err, r.Cached, r.Refreshed, r.ExpiresAt = err, out.Cached, out.Refreshed, out.ExpiresAt
		r.Status, r.RetryAfter = 0, 0
		if out.Result != nil {
			r.Status = out.Result.Status
			if out.Result.Timing.Total > 0 {
				r.Latency = out.Result.Timing.Total
			}
			if off, ok := tokenclient.ClockSkew(out.Result); ok {
				r.Skew, r.SkewKnown = off, true
			}
		}
		r.Requests += out.Requests
		r.Kind = classify(err)
		var he *tokenclient.HTTPError
		if errors.As(err, &he) {
			r.Status, r.RetryAfter = he.Status, he.RetryAfter
		}
		if r.Kind != CheckRateLimited || attempt > 0 || r.RetryAfter <= 0 || opts.MaxRetryWait < 0 || r.RetryAfter > opts.MaxRetryWait {
			return r, out
		}
		t := time.NewTimer(r.RetryAfter)
		waitStart := time.Now()
		select {
		case <-t.C:
			r.Waited += time.Since(waitStart)
		case <-ctx.Done():
			t.Stop()
			r.Waited += time.Since(waitStart)
			r.Kind, r.Err = CheckCanceled, ctx.Err()
			return r, TokenOutcome{}
		}
	}
}

// classify turns Token's error into a CheckKind.
func classify(err error) CheckKind {
	if err == nil {
		return CheckOK
	}
	var (
		he  *tokenclient.HTTPError
		ne  *tokenclient.NetworkError
		re  *tokenclient.RedirectError
		rse *tokenclient.ResponseError
		ve  *tokenclient.ValidationError
		sre *SignedInRejectedError
	)
	switch {
	case errors.As(err, &sre):
		if sre.Status == http.StatusForbidden {
			return CheckForbidden
		}
		return CheckUnauthorized
	case errors.As(err, &he):
		switch he.Status {
		case http.StatusUnauthorized:
			return CheckUnauthorized
		case http.StatusForbidden:
			return CheckForbidden
		case http.StatusTooManyRequests:
			return CheckRateLimited
		}
		return CheckHTTP
	case errors.As(err, &ne):
		switch ne.Op {
		case "dns":
			return CheckDNS
		case "tls":
			return CheckTLS
		case "timeout":
			return CheckTimeout
		case "canceled":
			return CheckCanceled
		case "connect":
			if errors.Is(err, syscall.ECONNREFUSED) {
				return CheckRefused
			}
			return CheckConnect
		}
		return CheckNetwork
	case errors.As(err, &re), errors.As(err, &rse):
		return CheckBadResponse
	case errors.As(err, &ve):
		return CheckInvalid
	case errors.Is(err, store.ErrNotFound):
		return CheckNotFound
	case errors.Is(err, context.Canceled):
		return CheckCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return CheckTimeout
	}
	return CheckError
}
