package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver "sqlite"
)

// StateError reports a state.db that cannot be used. Profiles, secrets and
// tokens keep working without it (without history, last-used and token
// expiry); the Problem says what to do.
type StateError struct {
	Path    string
	Problem StateProblem
	Err     error
}

// StateProblem classifies a state.db failure by what fixes it.
type StateProblem int

// The kinds of StateError.
const (
	// StateDamaged: unreadable (not a database, truncated, a link or FIFO in
	// its place, an I/O error). "authdeck profiles repair" moves it aside.
	StateDamaged StateProblem = iota
	// StateBusy: another process held it locked for longer than the busy
	// timeout. Retry; nothing is wrong with the file.
	StateBusy
	// StateNewer: a newer authdeck wrote it. Upgrade; Repair leaves it.
	StateNewer
)

// newStateError classifies err for path.
func newStateError(path string, err error) *StateError {
	var se *StateError
	if errors.As(err, &se) {
		return se
	}
	e := &StateError{Path: path, Err: err}
	var sq interface{ Code() int }
	switch {
	case errors.Is(err, errNewerState):
		e.Problem = StateNewer
	case errors.As(err, &sq) && (sq.Code()&0xff == 5 || sq.Code()&0xff == 6), // SQLITE_BUSY, SQLITE_LOCKED
		strings.Contains(err.Error(), "database is locked"):
		e.Problem = StateBusy
	}
	return e
}

// Error describes the problem and its fix; it never contains a secret.
func (e *StateError) Error() string {
	switch e.Problem {
	case StateBusy:
		return fmt.Sprintf("%s is locked by another authdeck (%v); the call history and last-used times were not read or recorded this time; retry when the other command is done", e.Path, e.Err)
	case StateNewer:
		return fmt.Sprintf("%s was written by a newer authdeck (%v); the call history and last-used times are not used: upgrade authdeck", e.Path, e.Err)
	}
	what := fmt.Sprintf("%s: %v", e.Path, e.Err)
	if strings.HasPrefix(e.Err.Error(), e.Path) { // a *LinkError names the path itself
		what = e.Err.Error()
	}
	return what + "; profiles work without the call history and last-used times until \"authdeck profiles repair\" moves it aside"
}

// Unwrap returns the underlying error.
func (e *StateError) Unwrap() error { return e.Err }

func (s *Store) statePath() string { return filepath.Join(s.dir, stateFile) }

// openState opens state.db, creating it (0600) when create is set; without
// create a missing database is (nil, nil). A store that cannot be written
// opens read-only.
func (s *Store) openState(create bool) (*stateDB, error) {
	path := s.statePath()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := checkKind(p, false); err != nil {
			return nil, newStateError(path, err)
		}
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, nil
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY|openFlags, 0o600)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, newStateError(path, err)
		}
		if f != nil {
			f.Close()
		}
	}
	st, err := openSQLite(path, "")
	if err != nil && (errors.Is(err, fs.ErrPermission) || strings.Contains(err.Error(), "readonly") || strings.Contains(err.Error(), "read-only") || strings.Contains(err.Error(), "unable to open")) {
		st, err = openSQLite(path, "ro")
	}
	if err != nil {
		return nil, newStateError(path, err)
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		s.tighten(p, 0o600)
	}
	return st, nil
}

// stateRetry is how long a Store leaves state.db alone after it failed to
// open, so a command does not wait for a locked or broken database at every
// step.
const stateRetry = 10 * time.Second

// state returns state.db, opening it on first need. Without create, a
// missing database is nil (no state yet).
func (s *Store) state(create bool) (*stateDB, error) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if s.st != nil && (!create || !s.st.readOnly) {
		return s.st, nil
	}
	if s.stErr != nil && time.Now().Before(s.stDown) {
		return nil, s.stErr
	}
	st, err := s.openState(create)
	if err != nil {
		s.stErr, s.stDown = err, time.Now().Add(stateRetry)
		return nil, err
	}
	s.stErr = nil
	if st == nil {
		return nil, nil
	}
	if s.st != nil {
		s.st.close()
	}
	s.st = st
	return st, nil
}

// stateRead runs a read of state; no database is a zero result.
func stateRead[T any](s *Store, fn func(st *stateDB) (T, error)) (T, error) {
	var zero T
	st, err := s.state(false)
	if err == nil && st != nil {
		var v T
		if v, err = fn(st); err == nil {
			return v, nil
		}
		err = newStateError(s.statePath(), err)
	}
	if err != nil {
		s.warnState(err)
	}
	return zero, err
}

// stateRead is the method form of the generic stateRead for []string.
func (s *Store) stateRead(fn func(st *stateDB) ([]string, error)) ([]string, error) {
	return stateRead(s, fn)
}

// stateWrite runs fn in one write transaction of state.db (created when
// missing). state.db is optional: a failure is reported once on
// Options.Warn and is not an error.
func (s *Store) stateWrite(fn func(tx *sql.Tx) error) error {
	if err := s.stateWriteErr(fn); err != nil {
		s.warnState(err)
	}
	return nil
}

// stateWriteErr is stateWrite that returns the *StateError (for the
// version 1 migration, which must not lose the state it moves).
func (s *Store) stateWriteErr(fn func(tx *sql.Tx) error) error {
	if err := stepHook("state"); err != nil {
		return newStateError(s.statePath(), err)
	}
	st, err := s.state(true)
	if err != nil {
		return err
	}
	if st.readOnly {
		return &StateError{Path: s.statePath(), Err: errors.New("the store is read-only")}
	}
	tx, err := st.db.BeginTx(context.Background(), nil)
	if err != nil {
		return newStateError(s.statePath(), err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return newStateError(s.statePath(), err)
	}
	if err := tx.Commit(); err != nil {
		return newStateError(s.statePath(), err)
	}
	st.afterWrite()
	return nil
}

// warnState reports a state.db problem once per Store.
func (s *Store) warnState(err error) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if !s.stWarn {
		s.stWarn = true
		fmt.Fprintf(s.warn, "authdeck: %v\n", err)
	}
}

// fillState sets LastUsed, Token and LastCall of profiles from state.db;
// only, when not "", that one profile's row is read.
func (s *Store) fillState(profiles []Profile, only string) {
	rows, _ := stateRead(s, func(st *stateDB) (map[string]profileState, error) { return st.profileStates(only) })
	for i := range profiles {
		if ps, ok := rows[profiles[i].Name]; ok {
			profiles[i].LastUsed, profiles[i].Token, profiles[i].LastCall = ps.lastUsed, ps.token, ps.lastCall
		}
	}
}

type profileState struct {
	lastUsed time.Time
	token    *TokenMeta
	lastCall *HistoryEntry
}

const stateSelect = `SELECT s.profile, s.last_used, s.tok_expires_in, s.tok_expires_at, s.tok_obtained_at, s.tok_relative,
	h.id, h.time, h.kind, h.status, h.duration, h.error, h.request_id, h.endpoint
	FROM profile_state s LEFT JOIN history h ON h.id = s.last_call`

func (st *stateDB) profileStates(only string) (map[string]profileState, error) {
	q, args := stateSelect, []any{}
	if only != "" {
		q, args = q+` WHERE s.profile = ?`, []any{only}
	}
	rows, err := st.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]profileState{}
	for rows.Next() {
		var (
			name                             string
			lastUsed, expIn, expAt, obtained sql.NullInt64
			relative                         bool
			hID, hTime, hStatus, hDur        sql.NullInt64
			hKind, hErr, hReq, hEndpoint     sql.NullString
		)
		if err := rows.Scan(&name, &lastUsed, &expIn, &expAt, &obtained, &relative,
			&hID, &hTime, &hKind, &hStatus, &hDur, &hErr, &hReq, &hEndpoint); err != nil {
			return nil, err
		}
		ps := profileState{lastUsed: fromNanos(lastUsed)}
		if expIn.Valid {
			ps.token = &TokenMeta{ExpiresIn: expIn.Int64, ExpiresAt: fromNanos(expAt), ObtainedAt: fromNanos(obtained), Relative: relative}
		}
		if hTime.Valid {
			ps.lastCall = &HistoryEntry{ID: hID.Int64, Profile: name, Time: fromNanos(hTime), Kind: hKind.String, Status: int(hStatus.Int64),
				Duration: time.Duration(hDur.Int64), Error: hErr.String, RequestID: hReq.String, Endpoint: hEndpoint.String}
		}
		out[name] = ps
	}
	return out, rows.Err()
}

// lastUsedNames lists profile names by last use, newest first.
func (st *stateDB) lastUsedNames() ([]string, error) {
	rows, err := st.db.Query(`SELECT profile FROM profile_state WHERE last_used IS NOT NULL ORDER BY last_used DESC LIMIT 64`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Times are kept as unix nanoseconds, clamped to what fits (1678–2262);
// the zero time is NULL.
func toNanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	lo, hi := time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)
	switch {
	case t.Before(lo):
		return int64(math.MinInt64)
	case t.After(hi):
		return int64(math.MaxInt64)
	}
	return t.UnixNano()
}

func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// clampTime returns t as state.db will give it back.
func clampTime(t time.Time) time.Time {
	v := toNanos(t)
	if v == nil {
		return time.Time{}
	}
	return time.Unix(0, v.(int64)).UTC()
}

// ensureRow makes the profile_state row of name exist.
func ensureRow(tx *sql.Tx, name string) error {
	_, err := tx.Exec(`INSERT OR IGNORE INTO profile_state(profile) VALUES (?)`, name)
	return err
}

// putToken records the cached token's metadata (nil: none).
func putToken(tx *sql.Tx, name string, t *TokenMeta) error {
	if err := ensureRow(tx, name); err != nil {
		return err
	}
	if t == nil {
		_, err := tx.Exec(`UPDATE profile_state SET tok_expires_in = NULL, tok_expires_at = NULL, tok_obtained_at = NULL, tok_relative = 0 WHERE profile = ?`, name)
		return err
	}
	_, err := tx.Exec(`UPDATE profile_state SET tok_expires_in = ?, tok_expires_at = ?, tok_obtained_at = ?, tok_relative = ? WHERE profile = ?`,
		t.ExpiresIn, toNanos(t.ExpiresAt), toNanos(t.ObtainedAt), t.Relative, name)
	return err
}

// dropState removes all state of name.
func dropState(tx *sql.Tx, name string) error {
	if _, err := tx.Exec(`DELETE FROM history WHERE profile = ?`, name); err != nil {
		return err
	}
	_, err := tx.Exec(`DELETE FROM profile_state WHERE profile = ?`, name)
	return err
}

// renameState moves the state of from to to (whose stale state is dropped).
func renameState(tx *sql.Tx, from, to string) error {
	if err := dropState(tx, to); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE history SET profile = ? WHERE profile = ?`, to, from); err != nil {
		return err
	}
	_, err := tx.Exec(`UPDATE profile_state SET profile = ? WHERE profile = ?`, to, from)
	return err
}
