package store

import (
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
)

// recordResult writes one call the way the token workflow records it: a
// history entry always, and on success the token. (The workflow itself,
// with its masking of secrets in error texts, is package tokens; these
// tests pass no secret in an error.)
func recordResult(s *Store, name, kind string, res *tokenclient.Result, callErr error, elapsed time.Duration) error {
	r, err := s.ReadForToken(name, func(*Profile) bool { return false })
	if err != nil {
		return err
	}
	now := s.now()
	e := HistoryEntry{Profile: name, Time: now, Kind: kind, Duration: elapsed, Endpoint: r.Profile.Endpoint}
	if res != nil {
		e.Status = res.Status
		if elapsed <= 0 {
			e.Duration = res.Timing.Total
		}
		if res.Header != nil {
			e.RequestID = res.Header.Get("X-Request-Id")
		}
	}
	if callErr != nil {
		e.Error, _, _ = strings.Cut(callErr.Error(), "\n")
	}
	c := Calls{History: []HistoryEntry{e}}
	if callErr == nil && res != nil {
		exp := res.Expiry
		if exp.At.IsZero() {
			exp = tokenclient.ExpiryOf(res.Token.ExpiresIn, now)
		}
		c.Token = &ReceivedToken{
			AccessToken: res.Token.AccessToken, RefreshToken: res.Token.RefreshToken, KeepRefresh: kind == KindRefresh,
			Meta: TokenMeta{ExpiresIn: res.Token.ExpiresIn, ExpiresAt: exp.At, ObtainedAt: now, Relative: exp.Relative},
		}
	}
	return s.RecordCalls(name, c)
}
