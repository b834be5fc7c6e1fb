package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// addHistory appends e, sets last-used and the last call, and prunes the
// profile's history to limit entries, all in tx.
func addHistory(tx *sql.Tx, e HistoryEntry, limit int) error {
	if err := ensureRow(tx, e.Profile); err != nil {
		return err
	}
	res, err := tx.Exec(`INSERT INTO history(profile, time, kind, status, duration, error, request_id, endpoint) VALUES (?,?,?,?,?,?,?,?)`,
		e.Profile, toNanos(e.Time), e.Kind, e.Status, int64(e.Duration), e.Error, e.RequestID, e.Endpoint)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := putExchange(tx, id, e.Exchange); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE profile_state SET last_call = ?, last_used = max(coalesce(last_used, ?), ?) WHERE profile = ?`,
		id, toNanos(e.Time), toNanos(e.Time), e.Profile); err != nil {
		return err
	}
	_, err = tx.Exec(`DELETE FROM history WHERE profile = ? AND id <= (SELECT id FROM history WHERE profile = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
		e.Profile, e.Profile, limit)
	return err
}

// HistoryQuery selects history entries.
type HistoryQuery struct {
	Profile string    // "" = every profile
	Since   time.Time // zero = from the start
	Limit   int       // 0 = no limit (each profile keeps Options.HistoryLimit)
	// Exchanges also reads each call's Exchange (its masked request and
	// response; see HistoryCall).
	Exchanges bool
}

// History returns the history entries matching q, newest first. A store
// without state.db has no history.
func (s *Store) History(q HistoryQuery) ([]HistoryEntry, error) {
	out, err := stateRead(s, func(st *stateDB) ([]HistoryEntry, error) {
		sqlq := `SELECT id, profile, time, kind, status, duration, error, request_id, endpoint FROM history WHERE 1=1`
		var args []any
		if q.Profile != "" {
			sqlq += ` AND profile = ?`
			args = append(args, q.Profile)
		}
		if !q.Since.IsZero() {
			sqlq += ` AND time >= ?`
			args = append(args, toNanos(q.Since))
		}
		sqlq += ` ORDER BY id DESC`
		if q.Limit > 0 {
			sqlq += ` LIMIT ?`
			args = append(args, q.Limit)
		}
		rows, err := st.db.Query(sqlq, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []HistoryEntry
		for rows.Next() {
			var e HistoryEntry
			var at, dur int64
			if err := rows.Scan(&e.ID, &e.Profile, &at, &e.Kind, &e.Status, &dur, &e.Error, &e.RequestID, &e.Endpoint); err != nil {
				return nil, err
			}
			e.Time, e.Duration = time.Unix(0, at).UTC(), time.Duration(dur)
			out = append(out, e)
		}
		if err := rows.Err(); err != nil || !q.Exchanges {
			return out, err
		}
		return out, st.fillExchanges(out)
	})
	return out, err
}

// ErrNoSuchCall: no recorded call has that id (never recorded, or pruned).
var ErrNoSuchCall = errors.New("no such call in the history")

// putExchange stores the exchange of history entry id.
func putExchange(tx *sql.Tx, id int64, x *Exchange) error {
	if x == nil {
		return nil
	}
	data, err := encodeExchange(*x)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT OR REPLACE INTO history_exchange(id, exchange) VALUES (?, ?)`, id, data)
	return err
}

// HistoryCall returns the recorded call id with its Exchange (nil when the
// call was recorded without one, by an older authdeck or before anything
// was sent). A call that is not (or no longer) in the history is
// ErrNoSuchCall.
func (s *Store) HistoryCall(id int64) (HistoryEntry, error) {
	st, err := s.state(false)
	if err != nil {
		s.warnState(err)
		return HistoryEntry{}, err
	}
	if st == nil {
		return HistoryEntry{}, fmt.Errorf("call %d: %w (nothing recorded yet)", id, ErrNoSuchCall)
	}
	var (
		e    HistoryEntry
		at   int64
		dur  int64
		data sql.NullString
	)
	err = st.db.QueryRow(`SELECT h.id, h.profile, h.time, h.kind, h.status, h.duration, h.error, h.request_id, h.endpoint, x.exchange
		FROM history h LEFT JOIN history_exchange x ON x.id = h.id WHERE h.id = ?`, id).
		Scan(&e.ID, &e.Profile, &at, &e.Kind, &e.Status, &dur, &e.Error, &e.RequestID, &e.Endpoint, &data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return HistoryEntry{}, fmt.Errorf("call %d: %w", id, ErrNoSuchCall)
	case err != nil:
		return HistoryEntry{}, &StateError{Path: s.statePath(), Err: err}
	}
	e.Time, e.Duration = time.Unix(0, at).UTC(), time.Duration(dur)
	if data.Valid {
		var x Exchange
		if err := json.Unmarshal([]byte(data.String), &x); err != nil {
			return e, &StateError{Path: s.statePath(), Err: fmt.Errorf("call %d: the recorded exchange is unreadable: %w", id, err)}
		}
		e.Exchange = &x
	}
	return e, nil
}

// fillExchanges sets the Exchange of each entry that has one (read after
// the entries' own query, so the list of calls stays one plain query).
func (st *stateDB) fillExchanges(entries []HistoryEntry) error {
	at := make(map[int64]int, len(entries))
	for i, e := range entries {
		at[e.ID] = i
	}
	for start := 0; start < len(entries); start += 500 {
		batch := entries[start:min(start+500, len(entries))]
		args := make([]any, len(batch))
		for i, e := range batch {
			args[i] = e.ID
		}
		rows, err := st.db.Query(`SELECT id, exchange FROM history_exchange WHERE id IN (?`+strings.Repeat(",?", len(batch)-1)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var data string
			if err := rows.Scan(&id, &data); err != nil {
				rows.Close()
				return err
			}
			var x Exchange
			if json.Unmarshal([]byte(data), &x) == nil {
				entries[at[id]].Exchange = &x
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
