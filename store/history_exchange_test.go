package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// typicalExchange is the size of a real call: an issue request with device
// info and the fake server's answer, secrets masked.
func typicalExchange() *Exchange {
	return &Exchange{
		Request: ExchangeRequest{Method: "POST", URL: "https://api.nfl.com/identity/v3/token",
			Headers: []Header{{"Accept", "application/json"}, {"Content-Type", "application/json"}, {"User-Agent", "okhttp/4.11.0"}},
			Body: `{"clientKey":"4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g","clientSecret":"••••••••","deviceId":"3cfdef35-c7fe-4f2d-8630-1ec72f52b44d",` +
				`"deviceInfo":"eyJtb2RlbCI6IlBpeGVsIDkiLCJ2ZXJzaW9uIjoiMTUiLCJvc05hbWUiOiJBbmRyb2lkIiwib3NWZXJzaW9uIjoiMTUuMC4xIn0=","networkType":"wifi",` +
				`"uid":"a3f09c1e7b2d4f60","uidSignature":"••••••••","signatureTimestamp":"1764750000"}`},
		Response: &ExchangeResponse{Status: 200,
			Headers: []Header{{"Cache-Control", "no-store"}, {"Content-Length", "983"}, {"Content-Type", "application/json"},
				{"Date", "Thu, 03 Dec 2026 08:02:59 GMT"}, {"Server", "envoy"}, {"Via", "1.1 varnish"}, {"X-Cache", "MISS"},
				{"X-Request-Id", "5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"}, {"Set-Cookie", "••••••••"}},
			Body: `{"accessToken":"••••••••","expiresIn":1796288579,"refreshToken":"••••••••"}`},
	}
}

// hugeExchange is as large as a call can be: long bodies and many long
// headers on both sides.
func hugeExchange() *Exchange {
	x := typicalExchange()
	var hs []Header
	for i := range 100 {
		hs = append(hs, Header{strings.Repeat("X", 20) + string(rune('a'+i%26)), strings.Repeat("v", 2000)})
	}
	x.Request.URL += "?" + strings.Repeat("q", 5000)
	x.Request.Headers, x.Response.Headers = hs, hs
	x.Request.Body, x.Response.Body = strings.Repeat("é", 10_000), strings.Repeat("b", 100_000)
	return x
}

// recordExchanges records n calls of profile name, each with x.
func recordExchanges(t testing.TB, s *Store, name string, n int, x *Exchange) {
	t.Helper()
	for range n {
		e := HistoryEntry{Profile: name, Time: time.Now(), Kind: KindIssue, Status: 200, Duration: time.Millisecond,
			Endpoint: "https://api.nfl.com", Exchange: x}
		if err := s.RecordCalls(name, Calls{History: []HistoryEntry{e}}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHistoryExchangePrunedWithItsCall: the exchange of a call pruned from
// the history (beyond the per-profile limit) goes with it, and a deleted
// profile's too.
func TestHistoryExchangePrunedWithItsCall(t *testing.T) {
	s, _ := openTest(t, Options{HistoryLimit: 5})
	for _, n := range []string{"a", "b"} {
		if err := s.Save(sampleProfile(n), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	recordExchanges(t, s, "a", 8, typicalExchange())
	recordExchanges(t, s, "b", 2, typicalExchange())
	h := histOf(t, s, "a")
	if len(h) != 5 {
		t.Fatalf("%d calls kept, want 5", len(h))
	}
	for id := int64(1); id <= 3; id++ {
		if _, err := s.HistoryCall(id); !errors.Is(err, ErrNoSuchCall) {
			t.Errorf("pruned call %d: %v, want ErrNoSuchCall", id, err)
		}
	}
	e, err := s.HistoryCall(h[0].ID)
	if err != nil || e.Exchange == nil || e.Exchange.Response.Status != 200 || e.Profile != "a" {
		t.Fatalf("kept call %d: %+v, %v", h[0].ID, e, err)
	}
	withX, err := s.History(HistoryQuery{Profile: "a", Exchanges: true})
	if err != nil || len(withX) != 5 {
		t.Fatalf("History with exchanges: %d, %v", len(withX), err)
	}
	for _, e := range withX {
		if e.Exchange == nil || e.Exchange.Request.Method != "POST" {
			t.Errorf("call %d read without its exchange", e.ID)
		}
	}
	if plain := histOf(t, s, "a"); plain[0].Exchange != nil {
		t.Error("History without Exchanges read an exchange")
	}
	count := func() (n int) {
		st, _ := s.state(false)
		if err := st.db.QueryRow(`SELECT count(*) FROM history_exchange`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 7 {
		t.Errorf("%d exchanges stored, want 7 (5 of a, 2 of b)", n)
	}
	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Errorf("%d exchanges after deleting a, want 2", n)
	}
}

// TestHistoryExchangeBounded: however large a call, its stored exchange is
// at most MaxExchangeBytes, valid UTF-8, and says its bodies were cut.
func TestHistoryExchangeBounded(t *testing.T) {
	for _, x := range []*Exchange{typicalExchange(), hugeExchange()} {
		data, err := encodeExchange(*x)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > MaxExchangeBytes || !strings.Contains(string(data), `"method":"POST"`) {
			t.Errorf("stored exchange is %d bytes (max %d): %.200s", len(data), MaxExchangeBytes, data)
		}
	}
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	recordExchanges(t, s, "a", 1, hugeExchange())
	e, err := s.HistoryCall(1)
	if err != nil || !e.Exchange.Request.BodyCut || !e.Exchange.Response.BodyCut {
		t.Errorf("huge call read back: %v, bodies cut %v/%v", err, e.Exchange.Request.BodyCut, e.Exchange.Response.BodyCut)
	}
}

// TestHistory200CallsUnderOneMB: state.db with a profile's 200 calls, all as
// large as an exchange can be, stays under 1 MB (a size, not a time).
func TestHistory200CallsUnderOneMB(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authdeck")
	s, _ := openTest(t, Options{Dir: dir})
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	recordExchanges(t, s, "a", DefaultHistoryLimit+20, hugeExchange())
	if n := len(histOf(t, s, "a")); n != DefaultHistoryLimit {
		t.Fatalf("%d calls kept, want %d", n, DefaultHistoryLimit)
	}
	s.Close()
	var size int64
	for _, f := range []string{"state.db", "state.db-wal"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += fi.Size()
		}
	}
	if size == 0 || size >= 1_000_000 {
		t.Errorf("state.db with %d worst-case calls is %d bytes, want under 1 MB", DefaultHistoryLimit, size)
	}
	t.Logf("state.db with %d worst-case calls: %d bytes", DefaultHistoryLimit, size)
}

// BenchmarkHistoryExchangeSize records 200 calls of one profile, typical and
// worst-case, and reports the bytes of state.db per call and in all.
func BenchmarkHistoryExchangeSize(b *testing.B) {
	for _, c := range []struct {
		name string
		x    *Exchange
	}{{"typical", typicalExchange()}, {"worst", hugeExchange()}} {
		b.Run(c.name, func(b *testing.B) {
			data, _ := encodeExchange(*c.x)
			var size int64
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), "authdeck")
				s, _ := openTest(b, Options{Dir: dir})
				if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
					b.Fatal(err)
				}
				recordExchanges(b, s, "a", DefaultHistoryLimit, c.x)
				s.Close()
				size = 0
				for _, f := range []string{"state.db", "state.db-wal"} {
					if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
						size += fi.Size()
					}
				}
			}
			b.ReportMetric(float64(len(data)), "exchange-B/row")
			b.ReportMetric(float64(size)/DefaultHistoryLimit, "db-B/call")
			b.ReportMetric(float64(size), "db-B/200calls")
		})
	}
}

// TestStateSchemaMigratesAndRefusesNewer: a state.db of schema 1 (before
// exchanges) is migrated with its history kept, and a state.db of a newer
// schema than this build knows is refused, not written to.
func TestStateSchemaMigratesAndRefusesNewer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authdeck")
	s, _ := openTest(t, Options{Dir: dir})
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	recordExchanges(t, s, "a", 1, nil)
	st, _ := s.state(false)
	// Back to schema 1: as an older authdeck left it.
	for _, q := range []string{`DROP TRIGGER history_exchange_prune`, `DROP TABLE history_exchange`, `PRAGMA user_version = 1`} {
		if _, err := st.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, _ = openTest(t, Options{Dir: dir})
	recordExchanges(t, s, "a", 1, typicalExchange())
	h := histOf(t, s, "a")
	if len(h) != 2 {
		t.Fatalf("history after migration: %d calls, want 2", len(h))
	}
	if e, err := s.HistoryCall(h[0].ID); err != nil || e.Exchange != nil {
		t.Errorf("the call of schema 1: %+v, %v; want it without an exchange", e, err)
	}
	if e, err := s.HistoryCall(h[1].ID); err != nil || e.Exchange == nil {
		t.Errorf("the call after migration: %v, %v; want its exchange", e.Exchange, err)
	}
	st, _ = s.state(false)
	if _, err := st.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, _ = openTest(t, Options{Dir: dir})
	_, err := s.HistoryCall(h[1].ID)
	var se *StateError
	if !errors.As(err, &se) || se.Problem != StateNewer || !strings.Contains(err.Error(), "newer schema version 99") {
		t.Errorf("a newer schema: %v, want it refused", err)
	}
}
