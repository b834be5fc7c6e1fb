package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
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
	// Result is the last call's result; nil when Cached. When Token fails it
	// is the failed call's result when a response arrived (else nil).
	Result    *tokenclient.Result
	Cached    bool // no request was made
	Refreshed bool // obtained with the refresh token
}

// Token returns an access token for the named profile: the cached one when
// it is valid for at least MinValidity, else a refreshed one (when a refresh
// token is cached; an anonymous refresh refused with 401 falls back to
// issuing, a signed-in one refused with 401 or 403 is a
// *SignedInRejectedError), else a newly issued one. It reads profiles.json once and state.db once on the
// cached path. Requests are serialised on token.lock with the cache checked
// again after taking it, so concurrent callers make one request. Every call
// made is recorded in the history, failures included.
func (s *Store) Token(ctx context.Context, name string, opts TokenOptions, is Issuer) (TokenOutcome, error) {
	if opts.MinValidity <= 0 {
		opts.MinValidity = DefaultMinValidity
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	// Fast path: a valid cached token needs only the shared lock (and works
	// on a read-only store).
	if !opts.Fresh && !opts.ForceRefresh {
		var out TokenOutcome
		var hit bool
		err := s.read(func(profiles []Profile) error {
			i, ok := find(profiles, name)
			if !ok {
				return notFound(name)
			}
			one := []Profile{profiles[i]} // a copy: profiles may be shared
			s.fillState(one, name)
			p := &one[0]
			if p.Token == nil || p.Token.ExpiresAt.Sub(opts.Now()) < opts.MinValidity {
				return nil // not worth reading the secrets
			}
			sec, err := s.readSecrets(p, nil)
			if err != nil {
				return nil // the locked path reports it
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
	// One token request at a time per profile: the second caller for the
	// same profile waits here and then finds the first one's token in the
	// cache; requests for different profiles run in parallel (Check). Only
	// the token lock is held across the network call.
	unlock, err := lockFileCtx(ctx, s.tokenLockPath(name), true,
		s.lockTimeout+tokenclient.DefaultTimeout, "requesting a token")
	if err != nil {
		return TokenOutcome{}, err
	}
	defer unlock()

	var p Profile
	var sec Secrets
	err = s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		one := []Profile{clone(profiles[i])}
		s.fillState(one, name)
		p = one[0]
		var err error
		sec, err = s.readSecrets(&p, nil)
		return err
	})
	if err != nil {
		return TokenOutcome{}, err
	}
	req, overridden := request(&p, sec, opts)
	if !opts.Fresh && !opts.ForceRefresh && !overridden {
		if o, hit := cached(&p, sec, opts); hit {
			return o, nil
		}
	}
	if opts.ForceRefresh && sec.RefreshToken == "" {
		return TokenOutcome{}, fmt.Errorf("profile %q has no refresh token; get a token first (authdeck token -p %s)", name, name)
	}

	var (
		calls   []callRecord
		out     TokenOutcome
		callErr error
		forget  bool // the refresh token was refused
	)
	if opts.ForceRefresh || (!opts.Fresh && !overridden && sec.RefreshToken != "") {
		c := makeCall(KindRefresh, opts.Now, func() (*tokenclient.Result, error) {
			rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: sec.RefreshToken}
			return is.Refresh(ctx, rr)
		})
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
		c := makeCall(KindIssue, opts.Now, func() (*tokenclient.Result, error) { return is.Issue(ctx, req) })
		calls = append(calls, c)
		callErr = c.err
		if c.err == nil {
			out = outcome(c.res, "", false)
		}
	}
	// Store an issued token only when the request was the profile's own; a
	// refresh always, since the old refresh token is spent.
	keep := callErr == nil && (!overridden || out.Refreshed)

	err = s.write(func(t *wtxn) error {
		t.commitOnError = true
		i, ok := t.find(name)
		if !ok {
			return fmt.Errorf("%w (deleted while the token was requested; token not saved)", notFound(name))
		}
		tp := &t.profiles[i]
		for _, c := range calls {
			elapsed := c.elapsed
			if c.res != nil && c.res.Timing.Total > 0 {
				elapsed = c.res.Timing.Total // the client's own measurement
			}
			e := historyEntry(name, p.Endpoint, c.kind, c.res, c.err, c.at, elapsed, sec)
			t.onState(func(tx *sql.Tx) error { return addHistory(tx, e, s.historyLimit) })
		}
		if !keep && !forget {
			return nil
		}
		if tp.Endpoint != p.Endpoint || tp.ClientKey != p.ClientKey || tp.DeviceID != p.DeviceID || tp.UID != p.UID {
			return nil // the profile changed meanwhile; this token belongs to its old setup
		}
		cur, err := t.secrets(tp)
		if err != nil {
			return fmt.Errorf("token received but not saved: %w", err)
		}
		if !keep { // refresh refused and the issue failed: at least forget the dead tokens
			cur.AccessToken, cur.RefreshToken = "", ""
			t.onState(func(tx *sql.Tx) error { return putToken(tx, name, nil) })
			return t.putSecrets(tp, cur)
		}
		return t.storeToken(tp, &cur, out, opts.Now())
	})
	if callErr != nil {
		// The failed call's result (status, headers) when a response came.
		out.Result = calls[len(calls)-1].res
		return out, callErr
	}
	return out, err
}

// tokenLockPath is the lock file held while a token request for profile
// name is in flight: token-locks/<hash of the name>.lock, one per profile
// (hashed so any profile name makes a safe, fixed-length file name). When
// the directory cannot be made or is not a plain directory, the store-wide
// token.lock serialises every request instead, as before.
func (s *Store) tokenLockPath(name string) string {
	dir := filepath.Join(s.dir, tokenLockDir)
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return filepath.Join(s.dir, tokenLock)
	}
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return filepath.Join(s.dir, tokenLock)
	}
	sum := sha256.Sum256([]byte(name))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".lock")
}

// callRecord is one request made by Token, for the history.
type callRecord struct {
	kind    string
	res     *tokenclient.Result
	err     error
	at      time.Time
	elapsed time.Duration
}

func makeCall(kind string, now func() time.Time, do func() (*tokenclient.Result, error)) callRecord {
	at := now()
	start := time.Now()
	res, err := do()
	if err == nil && res == nil {
		err = errors.New("no result from the token client")
	}
	return callRecord{kind: kind, res: res, err: err, at: at, elapsed: time.Since(start)}
}

// request builds the request for p and applies the override; overridden
// reports whether the override changed it.
func request(p *Profile, sec Secrets, opts TokenOptions) (req tokenclient.TokenRequest, overridden bool) {
	req = p.Request(sec)
	orig := req
	if opts.Override != nil {
		opts.Override(&req)
	}
	return req, !req.Equal(orig)
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

// historyEntry describes one call for the history; the secrets in sec are
// masked should the error text contain one.
func historyEntry(name, endpoint, kind string, res *tokenclient.Result, err error, at time.Time, elapsed time.Duration, sec Secrets) HistoryEntry {
	e := HistoryEntry{Profile: name, Time: at.UTC(), Kind: kind, Duration: elapsed, Endpoint: endpoint}
	if res != nil {
		e.Status = res.Status
		if elapsed <= 0 && res.Timing.Total > 0 {
			e.Duration = res.Timing.Total
		}
		if res.Header != nil {
			e.RequestID = cut(strings.Map(printable, res.Header.Get("X-Request-Id")), 128)
		}
	}
	if err != nil {
		e.Error = shortError(err, sec)
	}
	return e
}

// printable drops control characters (C0, C1) and bidi overrides.
func printable(r rune) rune {
	if isControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
		return -1
	}
	return r
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// shortError is the first line of err, cut to maxHistoryError runes, with
// any of the secrets masked (tokenclient.MaskValues: whole values, and a
// text holding a very short secret is not shown).
func shortError(err error, sec Secrets) string {
	msg := tokenclient.MaskValues(strings.ToValidUTF8(err.Error(), "\uFFFD"),
		sec.ClientSecret, sec.AccessToken, sec.RefreshToken, sec.UIDSignature)
	msg, _, _ = strings.Cut(msg, "\n")
	return cut(strings.Map(printable, msg), maxHistoryError)
}

// storeToken saves a received token: the tokens to the secret store, the
// metadata to state.db (after the secrets, so a crash leaves older metadata
// beside a newer token, never the reverse).
func (t *wtxn) storeToken(p *Profile, sec *Secrets, o TokenOutcome, now time.Time) error {
	sec.AccessToken = o.Response.AccessToken
	sec.RefreshToken = o.Response.RefreshToken
	if err := t.putSecrets(p, *sec); err != nil {
		t.onState(func(tx *sql.Tx) error { return putToken(tx, p.Name, nil) })
		return fmt.Errorf("token received but not saved: %w", err)
	}
	expiry := tokenclient.Expiry{}
	if o.Result != nil {
		expiry = o.Result.Expiry
	}
	if expiry.At.IsZero() {
		expiry = tokenclient.ExpiryOf(o.Response.ExpiresIn, now)
	}
	meta := &TokenMeta{
		ExpiresIn:  o.Response.ExpiresIn,
		ExpiresAt:  clampTime(expiry.At),
		ObtainedAt: clampTime(now),
		Relative:   expiry.Relative,
	}
	name := p.Name
	t.onState(func(tx *sql.Tx) error { return putToken(tx, name, meta) })
	return nil
}

// RecordResult stores the outcome of a call the caller made itself (the
// console sends requests with its own client): a history entry always
// (elapsed is the call's duration as the caller measured it, also for
// network errors and cancellations; 0 takes the result's timing), and on
// success the token (secrets to the secret store, metadata to state.db).
// kind is KindIssue or KindRefresh.
func (s *Store) RecordResult(name, kind string, res *tokenclient.Result, callErr error, elapsed time.Duration) error {
	if kind != KindIssue && kind != KindRefresh {
		return fmt.Errorf("history kind %q is not %q or %q", kind, KindIssue, KindRefresh)
	}
	if callErr != nil || res == nil {
		// Nothing but history: no file changes, so no exclusive lock.
		var e HistoryEntry
		err := s.read(func(profiles []Profile) error {
			i, ok := find(profiles, name)
			if !ok {
				return notFound(name)
			}
			sec, _ := s.readSecrets(&profiles[i], nil) // for masking; a failure masks nothing more
			e = historyEntry(name, profiles[i].Endpoint, kind, res, callErr, s.now(), elapsed, sec)
			return nil
		})
		if err != nil {
			return err
		}
		return s.stateWrite(func(tx *sql.Tx) error { return addHistory(tx, e, s.historyLimit) })
	}
	return s.write(func(t *wtxn) error {
		t.commitOnError = true
		i, ok := t.find(name)
		if !ok {
			return notFound(name)
		}
		p := &t.profiles[i]
		now := s.now()
		sec, secErr := t.secrets(p)
		e := historyEntry(name, p.Endpoint, kind, res, callErr, now, elapsed, sec)
		t.onState(func(tx *sql.Tx) error { return addHistory(tx, e, s.historyLimit) })
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
