package tokens

import (
	"fmt"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// RecordResult stores the outcome of a call the caller made itself (the
// console sends requests with its own client, and caches a token only when
// Own says so): a history entry always (elapsed is the call's duration as
// the caller measured it, also for network errors and cancellations; 0
// takes the result's timing), and on success the token (secrets to the
// secret store, metadata to state.db). kind is store.KindIssue or
// store.KindRefresh.
func (s *Store) RecordResult(name, kind string, res *tokenclient.Result, callErr error, elapsed time.Duration) error {
	return s.RecordSent(name, kind, nil, res, callErr, elapsed)
}

// RecordSent is RecordResult that also keeps the request sent (p, the
// Prepared that was sent or its Redacted copy) and the response in the
// history entry, every secret masked.
func (s *Store) RecordSent(name, kind string, p *tokenclient.Prepared, res *tokenclient.Result, callErr error, elapsed time.Duration) error {
	if kind != store.KindIssue && kind != store.KindRefresh {
		return fmt.Errorf("history kind %q is not %q or %q", kind, store.KindIssue, store.KindRefresh)
	}
	r, err := s.ReadForToken(name, nil) // the secrets mask the error text; a failure masks nothing more
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	e := historyEntry(name, r.Profile.Endpoint, kind, res, callErr, now, elapsed, r.Secrets)
	if p != nil {
		e.Exchange = exchange(p.Redacted(), res, callErr, r.Secrets)
	}
	c := store.Calls{History: []store.HistoryEntry{e}}
	if callErr == nil && res != nil {
		refreshed := kind == store.KindRefresh
		c.Token = received(outcome(res, "", refreshed), now)
		c.Token.KeepRefresh = refreshed // the server kept the refresh token
	}
	return s.RecordCalls(name, c)
}
