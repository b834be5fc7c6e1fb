package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Exchange is one recorded call as it went on the wire and came back, with
// every secret already masked by the caller (the store cannot tell a
// secret from other text): the request's client secret, refresh token and
// uid signature, the Authorization and Cookie headers, the response's
// tokens and Set-Cookie. The store keeps at most MaxExchangeBody bytes of
// each body and maxExchangeHeaders headers of maxHeaderValue bytes each,
// so a history row stays small.
type Exchange struct {
	Request  ExchangeRequest   `json:"request"`
	Response *ExchangeResponse `json:"response,omitempty"` // nil when no response came
}

// ExchangeRequest is the request of an Exchange.
type ExchangeRequest struct {
	Method  string   `json:"method"`
	URL     string   `json:"url"`
	Headers []Header `json:"headers"`
	Body    string   `json:"body"`
	BodyCut bool     `json:"bodyCut,omitempty"` // Body is the first MaxExchangeBody bytes
}

// ExchangeResponse is the response of an Exchange.
type ExchangeResponse struct {
	Status  int      `json:"status"`
	Headers []Header `json:"headers"`
	Body    string   `json:"body"` // an excerpt: the first MaxExchangeBody bytes
	BodyCut bool     `json:"bodyCut,omitempty"`
}

// Header is one header line, in the order sent or received.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// The bounds of a stored Exchange.
const (
	MaxExchangeBody    = 2048 // bytes of each body kept
	maxExchangeHeaders = 40   // header lines kept of each side
	maxHeaderValue     = 512  // bytes of each header value kept
)

// ErrNoSuchCall: no recorded call has that id (never recorded, or pruned).
var ErrNoSuchCall = errors.New("no such call in the history")

// bounded returns x cut to the stored bounds, cuts at UTF-8 boundaries.
func (x Exchange) bounded() Exchange {
	x.Request.Headers = boundHeaders(x.Request.Headers)
	x.Request.Body, x.Request.BodyCut = cutBody(x.Request.Body, x.Request.BodyCut)
	if x.Response != nil {
		r := *x.Response
		r.Headers = boundHeaders(r.Headers)
		r.Body, r.BodyCut = cutBody(r.Body, r.BodyCut)
		x.Response = &r
	}
	return x
}

func boundHeaders(hs []Header) []Header {
	if len(hs) > maxExchangeHeaders {
		hs = hs[:maxExchangeHeaders]
	}
	out := make([]Header, len(hs))
	for i, h := range hs {
		out[i] = Header{Name: cutUTF8(h.Name, maxHeaderValue), Value: cutUTF8(h.Value, maxHeaderValue)}
	}
	return out
}

func cutBody(s string, cut bool) (string, bool) {
	if len(s) > MaxExchangeBody {
		return cutUTF8(s, MaxExchangeBody), true
	}
	return strings.ToValidUTF8(s, "\uFFFD"), cut
}

// cutUTF8 is s (invalid bytes replaced) cut to at most n bytes on a rune
// boundary.
func cutUTF8(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// putExchange stores the exchange of history entry id.
func putExchange(tx *sql.Tx, id int64, x *Exchange) error {
	if x == nil {
		return nil
	}
	data, err := json.Marshal(x.bounded())
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
