package fakeserver

import (
	"fmt"
	"strings"
	"time"
)

// LoggedRequest is one request as the server saw it. It never holds a
// secret, token or signature: the client key is masked and Error is the
// message sent back (or what became of a request that got no response).
type LoggedRequest struct {
	Time      time.Time     // when it arrived, by the server clock
	Method    string        // e.g. "POST"
	Path      string        // the URL path, escaped; never the query
	Status    int           // 0 when no response was sent (dropped, client gone)
	ClientKey string        // masked, e.g. "auth…0001"; "" if the body had none
	Duration  time.Duration // time spent in the handler, latency included
	Error     string        // "" for a 200
	// Encoding is how the body was read: "json" or "form" ("" when the
	// request did not get that far).
	Encoding string
	// Ignored are the names (never the values) of body fields the server
	// does not know and ignored, sorted, at most 16 (then "…").
	Ignored []string
}

// maxLogged is how many LoggedRequests Requests keeps (the newest).
const maxLogged = 1024

// requestLog is a ring of the newest maxLogged requests.
type requestLog struct {
	entries []LoggedRequest
	next    int // where the next entry goes once entries is full
}

func (l *requestLog) add(r LoggedRequest) {
	if len(l.entries) < maxLogged {
		l.entries = append(l.entries, r)
		return
	}
	l.entries[l.next] = r
	l.next = (l.next + 1) % maxLogged
}

func (l *requestLog) list() []LoggedRequest {
	out := make([]LoggedRequest, 0, len(l.entries))
	out = append(out, l.entries[l.next:]...)
	return append(out, l.entries[:l.next]...)
}

// Requests returns the newest requests (up to 1024), oldest first.
func (s *Server) Requests() []LoggedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.list()
}

// record keeps r and writes its line to Config.Log.
func (s *Server) record(r LoggedRequest) {
	s.mu.Lock()
	s.log.add(r)
	s.mu.Unlock()
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	_, _ = fmt.Fprintln(s.cfg.Log, r.String())
}

// String is the request's log line: time, method, path, status, duration,
// masked client key and any error message.
func (r LoggedRequest) String() string {
	status := "---"
	if r.Status != 0 {
		status = fmt.Sprint(r.Status)
	}
	line := fmt.Sprintf("%s %s %s %s %s", r.Time.UTC().Format("15:04:05.000"), r.Method, r.Path, status,
		r.Duration.Round(time.Microsecond))
	if r.Encoding == "form" {
		line += " form"
	}
	if r.ClientKey != "" {
		line += " client=" + r.ClientKey
	}
	if len(r.Ignored) > 0 {
		q := make([]string, len(r.Ignored))
		for i, n := range r.Ignored {
			q[i] = fmt.Sprintf("%q", n)
		}
		line += " ignored=" + strings.Join(q, ",")
	}
	if r.Error != "" {
		line += " error=" + fmt.Sprintf("%q", r.Error)
	}
	return line
}

// maskKey shows a client key's first and last four characters, or only
// bullets for a key too short to shorten safely.
func maskKey(k string) string {
	r := []rune(k)
	if len(r) < 12 {
		return "••••"
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}
