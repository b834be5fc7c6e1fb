package tokens

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// DefaultMinValidity is how long a cached access token must still be valid
// to be returned without a request.
const DefaultMinValidity = 60 * time.Second

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
	// not stored (it is not this profile's token, see Own); a forced refresh
	// still stores the rotated tokens, since the old refresh token is spent.
	Override    func(*tokenclient.TokenRequest)
	MinValidity time.Duration    // default DefaultMinValidity
	Now         func() time.Time // default time.Now
}

// TokenOutcome is what Token produced.
type TokenOutcome struct {
	Response  tokenclient.TokenResponse
	ExpiresAt time.Time
	// Result is the last call's result; nil when Cached. When Token fails it
	// is the failed call's result when a response arrived (else nil).
	Result    *tokenclient.Result
	Cached    bool // no request was made
	Refreshed bool // obtained with the refresh token
	// Requests is how many token requests were sent (each is also a
	// history entry): 0 from the cache or when the request was refused
	// before sending (invalid), 2 when a refused refresh fell back to an
	// issue.
	Requests int
}

// Token returns an access token for the named profile: the cached one when
// it is valid for at least MinValidity, else a refreshed one (when a refresh
// token is cached; an anonymous refresh refused with 401 falls back to
// issuing, a signed-in one refused with 401 or 403 is a
// *SignedInRejectedError), else a newly issued one. It reads profiles.json
// once and the token's file or keyring item on the cached path (state.db
// only for a token saved without its expiry). Requests are serialised on the
// profile's token lock with the cache checked again after taking it, so
// concurrent callers make one request. Every call made is recorded in the
// history, failures included.
func (s *Store) Token(ctx context.Context, name string, opts TokenOptions, is Issuer) (TokenOutcome, error) {
	return s.TokenFor(ctx, name, opts, func(string) Issuer { return is })
}

// TokenFor is Token with the issuer made for the profile's endpoint, and
// only when a request is sent: a caller that has not read the profile
// gets a cached token with one locked read, the one Token makes.
func (s *Store) TokenFor(ctx context.Context, name string, opts TokenOptions, issuerFor func(endpoint string) Issuer) (TokenOutcome, error) {
	opts = opts.withDefaults()
	// Fast path: a valid cached token needs only the shared lock and the
	// token's own file or keyring item, which keeps its expiry; state.db
	// is not opened (and it works on a read-only store).
	if !opts.Fresh && !opts.ForceRefresh {
		r, err := s.ReadCached(name)
		if err != nil {
			return TokenOutcome{}, err
		}
		if r.SecretsRead { // a failure is reported by the locked path
			if _, overridden := request(&r.Profile, r.Secrets, opts); !overridden {
				if out, hit := cached(&r.Profile, r.Secrets, opts); hit {
					return out, nil
				}
			}
		}
	}
	// One token request at a time per profile: the second caller for the
	// same profile waits here and then finds the first one's token in the
	// cache; requests for different profiles run in parallel (Check). Only
	// the token lock is held across the network call.
	unlock, err := s.LockToken(ctx, name, tokenclient.DefaultTimeout)
	if err != nil {
		return TokenOutcome{}, err
	}
	defer unlock()

	r, err := s.ReadForToken(name, nil)
	if err == nil {
		err = r.SecretsErr
	}
	if err != nil {
		return TokenOutcome{}, err
	}
	p, sec := r.Profile, r.Secrets
	pl, err := plan(&p, sec, opts)
	if err != nil || pl.Cached {
		return pl.Outcome, err
	}
	req, overridden := pl.Request, !pl.Own
	sec.RefreshToken = pl.RefreshToken // "" when the cached one is not to be sent
	is := issuerFor(p.Endpoint)

	var (
		calls   []call
		out     TokenOutcome
		callErr error
		forget  bool // the refresh token was refused
	)
	if pl.Refresh {
		rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: sec.RefreshToken}
		c := makeCall(store.KindRefresh, opts.Now, func() (*tokenclient.Result, error) { return is.Refresh(ctx, rr) })
		if pr, ok := is.(preparer); ok {
			c.prepared = pr.PrepareRefresh(rr).Redacted()
		}
		calls = append(calls, c)
		callErr = c.err
		if c.err == nil {
			out = outcome(c.res, sec.RefreshToken, true)
		} else if he := (*tokenclient.HTTPError)(nil); errors.As(c.err, &he) && req.SignedIn() &&
			(he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden) {
			// A signed-in session is never quietly replaced by an anonymous
			// token: the caller learns that the session was rejected.
			callErr = &SignedInRejectedError{Profile: name, UID: req.UID, Status: he.Status, Err: c.err}
		} else if !opts.ForceRefresh && errors.As(c.err, &he) && he.Status == http.StatusUnauthorized {
			forget, callErr = true, nil
		}
	}
	if len(calls) == 0 || forget {
		c := makeCall(store.KindIssue, opts.Now, func() (*tokenclient.Result, error) { return is.Issue(ctx, req) })
		if pr, ok := is.(preparer); ok {
			c.prepared = pr.PrepareIssue(req).Redacted()
		}
		calls = append(calls, c)
		callErr = c.err
		if c.err == nil {
			out = outcome(c.res, "", false)
		}
	}
	for _, c := range calls {
		if c.sent() {
			out.Requests++
		}
	}
	// Store an issued token only when the request was the profile's own; a
	// refresh always, since the old refresh token is spent.
	keep := callErr == nil && (!overridden || out.Refreshed)

	rec := store.Calls{Setup: &p, Forget: forget}
	for _, c := range calls {
		elapsed := c.elapsed
		if c.res != nil && c.res.Timing.Total > 0 {
			elapsed = c.res.Timing.Total // the client's own measurement
		}
		e := historyEntry(name, p.Endpoint, c.kind, c.res, c.err, c.at, elapsed, sec)
		e.Exchange = exchange(c.prepared, c.res, c.err, sec)
		rec.History = append(rec.History, e)
	}
	if keep {
		rec.Token = received(out, opts.Now())
	}
	err = s.RecordCalls(name, rec)
	if callErr != nil {
		// The failed call's result (status, headers) when a response came.
		out.Result = calls[len(calls)-1].res
		return out, callErr
	}
	return out, err
}

// withDefaults fills in the zero options.
func (o TokenOptions) withDefaults() TokenOptions {
	if o.MinValidity <= 0 {
		o.MinValidity = DefaultMinValidity
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Plan is what Token would do for a profile at this moment: answer from
// the cache, or send a first request (a refresh or an issue; a refresh
// refused with 401 may be followed by an issue).
type Plan struct {
	// Cached is true when the cache answers and nothing would be sent;
	// Outcome is then the cached token.
	Cached  bool
	Outcome TokenOutcome
	// Refresh is true when the first request is a refresh with
	// RefreshToken, false for an issue.
	Refresh      bool
	Request      tokenclient.TokenRequest
	RefreshToken string
	// Own is true when Request is the profile's own (no override changed
	// it), so its token would be cached (see Own).
	Own bool
	// Endpoint is the profile's endpoint.
	Endpoint string
}

// Plan says what Token would do for the named profile now, without
// sending, recording or locking anything beyond one shared read: what a
// dry run prints.
func (s *Store) Plan(name string, opts TokenOptions) (Plan, error) {
	opts = opts.withDefaults()
	r, err := s.ReadForToken(name, nil)
	if err == nil {
		err = r.SecretsErr
	}
	if err != nil {
		return Plan{}, err
	}
	return plan(&r.Profile, r.Secrets, opts)
}

// plan is the one decision of Token: the cache when it has a usable token
// for the profile's own request (and neither Fresh nor ForceRefresh), else
// a refresh when forced or when a usable refresh token is cached for the
// profile's own request, else an issue.
func plan(p *store.Profile, sec store.Secrets, opts TokenOptions) (Plan, error) {
	req, overridden := request(p, sec, opts)
	pl := Plan{Request: req, Own: !overridden, Endpoint: p.Endpoint}
	if !opts.Fresh && !opts.ForceRefresh && !overridden {
		if o, hit := cached(p, sec, opts); hit {
			pl.Cached, pl.Outcome = true, o
			return pl, nil
		}
	}
	if opts.ForceRefresh && sec.RefreshToken == "" {
		return Plan{}, fmt.Errorf("profile %q has no refresh token; get a token first (authdeck token -p %s)", p.Name, p.Name)
	}
	pl.RefreshToken = sec.RefreshToken
	if err := tokenclient.CheckToken("the cached refresh token", sec.RefreshToken); err != nil {
		if opts.ForceRefresh {
			return Plan{}, fmt.Errorf("profile %q: %w; get a new token with authdeck token -p %s --fresh", p.Name, err, p.Name)
		}
		pl.RefreshToken = "" // not sent: an issue replaces it
	}
	pl.Refresh = opts.ForceRefresh || (!opts.Fresh && !overridden && pl.RefreshToken != "")
	return pl, nil
}

// call is one request made by Token, for the history.
type call struct {
	kind     string
	res      *tokenclient.Result
	err      error
	at       time.Time
	elapsed  time.Duration
	prepared *tokenclient.Prepared // the request, redacted; nil when the issuer cannot show it
}

// sent reports whether the call reached the network: it succeeded, a
// response came, or the network failed; a request refused before sending
// (a validation error) was not sent.
func (c call) sent() bool {
	var (
		he *tokenclient.HTTPError
		ne *tokenclient.NetworkError
	)
	return c.err == nil || c.res != nil || errors.As(c.err, &he) || errors.As(c.err, &ne)
}

func makeCall(kind string, now func() time.Time, do func() (*tokenclient.Result, error)) call {
	at := now()
	start := time.Now()
	res, err := do()
	if err == nil && res == nil {
		err = errors.New("no result from the token client")
	}
	return call{kind: kind, res: res, err: err, at: at, elapsed: time.Since(start)}
}

// request builds the request for p and applies the override; overridden
// reports whether the override changed it (the request is then not the
// profile's own, see Own).
func request(p *store.Profile, sec store.Secrets, opts TokenOptions) (req tokenclient.TokenRequest, overridden bool) {
	req = Request(p, sec)
	orig := req
	if opts.Override != nil {
		opts.Override(&req)
	}
	return req, !Own(p.Endpoint, orig, p.Endpoint, req)
}

// cached returns the cached token of p when it is valid long enough. A
// cached token that a token from the server could not be (not visible
// ASCII: secrets.json or the keyring item was changed) is not used, as the
// client does not use such a token from the server; a new one replaces it.
func cached(p *store.Profile, sec store.Secrets, opts TokenOptions) (TokenOutcome, bool) {
	if p.Token == nil || sec.AccessToken == "" || p.Token.ExpiresAt.Sub(opts.Now()) < opts.MinValidity {
		return TokenOutcome{}, false
	}
	if tokenclient.CheckToken("the cached access token", sec.AccessToken) != nil ||
		tokenclient.CheckToken("the cached refresh token", sec.RefreshToken) != nil {
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

// received is the token of o to cache, obtained at now.
func received(o TokenOutcome, now time.Time) *store.ReceivedToken {
	expiry := tokenclient.Expiry{}
	if o.Result != nil {
		expiry = o.Result.Expiry
	}
	if expiry.At.IsZero() {
		expiry = tokenclient.ExpiryOf(o.Response.ExpiresIn, now)
	}
	return &store.ReceivedToken{
		AccessToken:  o.Response.AccessToken,
		RefreshToken: o.Response.RefreshToken,
		Meta: store.TokenMeta{
			ExpiresIn:  o.Response.ExpiresIn,
			ExpiresAt:  expiry.At,
			ObtainedAt: now,
			Relative:   expiry.Relative,
		},
	}
}

// SignedInRejectedError is a signed-in profile's refresh refused with 401
// or 403: the session (uid and its signature) is no longer accepted. Token
// does not fall back to an anonymous token in that case.
type SignedInRejectedError struct {
	Profile string
	UID     string
	Status  int
	Err     error // the *tokenclient.HTTPError
}

func (e *SignedInRejectedError) Error() string {
	return fmt.Sprintf("the signed-in session of profile %q (uid %s) was rejected with %d; it was not replaced by an anonymous token: "+
		"sign in again (a new uid signature, see authdeck sign) and save it with the profile (%v)", e.Profile, e.UID, e.Status, e.Err)
}

// Unwrap returns the HTTP error.
func (e *SignedInRejectedError) Unwrap() error { return e.Err }
