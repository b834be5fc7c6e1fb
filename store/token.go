package store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
)

// DefaultMinValidity is how long a cached access token must still be valid
// to be returned without a request.
const DefaultMinValidity = 60 * time.Second

// maxHistoryError bounds the error text kept in a HistoryEntry.
const maxHistoryError = 200

// Issuer sends token requests; *tokenclient.Client satisfies it. It must be
// set up for the profile's endpoint.
type Issuer interface {
	Issue(ctx context.Context, req tokenclient.TokenRequest) (*tokenclient.Result, error)
	Refresh(ctx context.Context, req tokenclient.RefreshRequest) (*tokenclient.Result, error)
}

var _ Issuer = (*tokenclient.Client)(nil)

// TokenOptions refine Token.
type TokenOptions struct {
	Fresh        bool // always issue a new token
	ForceRefresh bool // always refresh with the cached refresh token (error when there is none)
	// Override changes the request built from the profile (command-line flags).
	// When it changes anything, the cache is not used and an issued token is
	// not stored (it is not this profile's token); a forced refresh still
	// stores the rotated tokens, since the old refresh token is spent.
	Override    func(*tokenclient.TokenRequest)
	MinValidity time.Duration    // default DefaultMinValidity
	Now         func() time.Time // default time.Now
}

// TokenOutcome is what Token produced.
type TokenOutcome struct {
	Response  tokenclient.TokenResponse
	ExpiresAt time.Time
	// Result is the last call's result; nil when Cached.
	Result    *tokenclient.Result
	Cached    bool // no request was made
	Refreshed bool // obtained with the refresh token
}

// Token returns an access token for the named profile: the cached one when
// it is valid for at least MinValidity, else a refreshed one (when a refresh
// token is cached; a refresh refused with 401 falls back to issuing), else a
// newly issued one. Requests happen under the exclusive store lock after the
// cache is checked again, so concurrent callers make one request. Every call
// made is appended to the profile's history, failures included.
func (s *Store) Token(ctx context.Context, name string, opts TokenOptions, is Issuer) (TokenOutcome, error) {
	if opts.MinValidity <= 0 {
		opts.MinValidity = DefaultMinValidity
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	// Fast path: a valid cached token needs only the shared lock.
	if !opts.Fresh && !opts.ForceRefresh {
		var out TokenOutcome
		var hit bool
		err := s.read(func(profiles []Profile) error {
			i, ok := find(profiles, name)
			if !ok {
				return notFound(name)
			}
			p := &profiles[i]
			if p.Token == nil || p.Token.ExpiresAt.Sub(opts.Now()) < opts.MinValidity {
				return nil // not worth reading the secrets
			}
			sec, err := s.readSecrets(p)
			if err != nil {
				return nil // the exclusive path reports it
			}
			if _, overridden := request(p, sec, opts); !overridden {
				out, hit = cached(p, sec, opts)
			}
			return nil
		})
		if err != nil || hit {
			return out, err
		}
	}
	var out TokenOutcome
	err := s.update(func(t *txn) error {
		p, err := t.get(name)
		if err != nil {
			return err
		}
		sec, err := t.secrets(p)
		if err != nil {
			return err
		}
		req, overridden := request(p, sec, opts)
		if !opts.Fresh && !opts.ForceRefresh && !overridden {
			if o, hit := cached(p, sec, opts); hit {
				out = o
				return nil
			}
		}
		refresh := opts.ForceRefresh || (!opts.Fresh && !overridden && sec.RefreshToken != "")
		if opts.ForceRefresh && sec.RefreshToken == "" {
			return fmt.Errorf("profile %q has no refresh token; get a token first (authdeck token -p %s)", name, name)
		}
		if refresh {
			res, err := t.call(p, sec, KindRefresh, opts.Now, func() (*tokenclient.Result, error) {
				return is.Refresh(ctx, tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: sec.RefreshToken})
			})
			if err == nil {
				out = outcome(res, sec.RefreshToken, true)
				return t.storeToken(p, &sec, out, opts.Now())
			}
			var he *tokenclient.HTTPError
			if opts.ForceRefresh || !errors.As(err, &he) || he.Status != http.StatusUnauthorized {
				return err
			}
			// The refresh token was refused: forget it and issue instead.
			sec.AccessToken, sec.RefreshToken = "", ""
			p.Token = nil
			if err := t.putSecrets(p, sec); err != nil {
				return err
			}
		}
		res, err := t.call(p, sec, KindIssue, opts.Now, func() (*tokenclient.Result, error) { return is.Issue(ctx, req) })
		if err != nil {
			return err
		}
		out = outcome(res, "", false)
		if overridden {
			return nil
		}
		return t.storeToken(p, &sec, out, opts.Now())
	})
	return out, err
}

// request builds the request for p and applies the override; overridden
// reports whether the override changed it.
func request(p *Profile, sec Secrets, opts TokenOptions) (req tokenclient.TokenRequest, overridden bool) {
	req = p.Request(sec.ClientSecret)
	orig := req
	if opts.Override != nil {
		opts.Override(&req)
	}
	return req, req != orig
}

// cached returns the cached token of p when it is valid long enough.
func cached(p *Profile, sec Secrets, opts TokenOptions) (TokenOutcome, bool) {
	if p.Token == nil || sec.AccessToken == "" || p.Token.ExpiresAt.Sub(opts.Now()) < opts.MinValidity {
		return TokenOutcome{}, false
	}
	return TokenOutcome{
		Response: tokenclient.TokenResponse{
			AccessToken: sec.AccessToken, ExpiresIn: p.Token.ExpiresIn, RefreshToken: sec.RefreshToken,
		},
		ExpiresAt: p.Token.ExpiresAt,
		Cached:    true,
	}, true
}

func outcome(res *tokenclient.Result, oldRefresh string, refreshed bool) TokenOutcome {
	o := TokenOutcome{Response: res.Token, ExpiresAt: res.Expiry.At, Result: res, Refreshed: refreshed}
	if o.Response.RefreshToken == "" {
		o.Response.RefreshToken = oldRefresh // the server kept the refresh token
	}
	return o
}

// call makes one request and records it in the history of p.
func (t *txn) call(p *Profile, sec Secrets, kind string, now func() time.Time,
	do func() (*tokenclient.Result, error)) (*tokenclient.Result, error) {
	start := time.Now()
	res, err := do()
	elapsed := time.Since(start)
	if err == nil && res == nil {
		err = errors.New("no result from the token client")
	}
	t.record(p, kind, res, err, now(), elapsed, sec)
	return res, err
}

// record appends a history entry to p and updates LastUsed. The secrets in
// sec are masked should the error text contain one.
func (t *txn) record(p *Profile, kind string, res *tokenclient.Result, err error, now time.Time, elapsed time.Duration, sec Secrets) {
	e := HistoryEntry{Time: now.UTC(), Kind: kind, Duration: elapsed}
	if res != nil {
		e.Status = res.Status
		if res.Timing.Total > 0 {
			e.Duration = res.Timing.Total
		}
	}
	if err != nil {
		e.Error = shortError(err, sec)
	}
	// A new array every time: the old one may be shared with the load cache.
	keep := p.History[max(0, len(p.History)+1-MaxHistory):]
	h := make([]HistoryEntry, 0, len(keep)+1)
	p.History = append(append(h, keep...), e)
	p.LastUsed = now.UTC()
	t.dirty = true
}

// shortError is the first line of err, cut to maxHistoryError runes, with
// any of the secrets masked.
func shortError(err error, sec Secrets) string {
	msg := strings.ToValidUTF8(err.Error(), "\uFFFD")
	for _, s := range []string{sec.ClientSecret, sec.AccessToken, sec.RefreshToken} {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, tokenclient.Mask)
		}
	}
	for i, c := range msg {
		if c == '\n' {
			msg = msg[:i]
			break
		}
	}
	if r := []rune(msg); len(r) > maxHistoryError {
		msg = string(r[:maxHistoryError-1]) + "…"
	}
	return msg
}

// storeToken saves a received token: secrets to the secret store, metadata
// to the profile.
func (t *txn) storeToken(p *Profile, sec *Secrets, o TokenOutcome, now time.Time) error {
	sec.AccessToken = o.Response.AccessToken
	sec.RefreshToken = o.Response.RefreshToken
	if err := t.putSecrets(p, *sec); err != nil {
		p.Token = nil
		t.dirty = true
		return fmt.Errorf("token received but not saved: %w", err)
	}
	expiry := o.Result.Expiry
	if expiry.At.IsZero() {
		expiry = tokenclient.ExpiryOf(o.Response.ExpiresIn, now)
	}
	p.Token = &TokenMeta{
		ExpiresIn:  o.Response.ExpiresIn,
		ExpiresAt:  expiry.At.UTC(),
		ObtainedAt: now.UTC(),
		Relative:   expiry.Relative,
	}
	t.dirty = true
	return nil
}

// RecordResult stores the outcome of a call the caller made itself (the
// console sends requests with its own client): a history entry always, and
// on success the token (secrets to the secret store, metadata to the
// profile). kind is KindIssue or KindRefresh.
func (s *Store) RecordResult(name, kind string, res *tokenclient.Result, callErr error) error {
	if kind != KindIssue && kind != KindRefresh {
		return fmt.Errorf("history kind %q is not %q or %q", kind, KindIssue, KindRefresh)
	}
	return s.update(func(t *txn) error {
		p, err := t.get(name)
		if err != nil {
			return err
		}
		var elapsed time.Duration
		if res != nil {
			elapsed = res.Timing.Total
		}
		now := s.now()
		sec, secErr := t.secrets(p)
		t.record(p, kind, res, callErr, now, elapsed, sec)
		if callErr != nil || res == nil {
			return nil
		}
		if secErr != nil {
			return secErr
		}
		old := ""
		if kind == KindRefresh {
			old = sec.RefreshToken
		}
		return t.storeToken(p, &sec, outcome(res, old, kind == KindRefresh), now)
	})
}
