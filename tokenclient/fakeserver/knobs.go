package fakeserver

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Failure is a scripted failure for FailNext.
type Failure int

const (
	// Fail500 answers 500 with a server_error body.
	Fail500 Failure = iota + 1
	// FailDrop closes the connection without sending any response.
	FailDrop
)

// String names the failure, for logs and test output.
func (f Failure) String() string {
	switch f {
	case Fail500:
		return "500"
	case FailDrop:
		return "drop"
	}
	return "unknown failure"
}

// FailNext makes the next n requests fail with f, before any check runs.
// Calls queue up: FailNext(1, Fail500); FailNext(1, FailDrop) fails the next
// request with 500 and the one after by dropping it.
func (s *Server) FailNext(n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, f)
	}
}

// SetLatency sets the delay added before each request is handled. A request
// whose client gives up during the delay is dropped without a response.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetNow replaces the server clock (token times, expiry, rate limit, uid
// signature window and log times); nil restores time.Now.
func (s *Server) SetNow(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// FailClient makes every request with clientKey fail with 401
// invalid_client, as if its secret were wrong, until UnfailClient. The
// key need not be registered.
func (s *Server) FailClient(clientKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[clientKey] = true
}

// UnfailClient undoes FailClient for clientKey.
func (s *Server) UnfailClient(clientKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.refused, clientKey)
}

// SetClockOffset makes the server clock run offset ahead of the real one
// (behind when negative): SetNow with time.Now shifted. Tokens and the Date
// header follow it, so clients see a skewed clock.
func (s *Server) SetClockOffset(offset time.Duration) {
	s.SetNow(func() time.Time { return time.Now().Add(offset) })
}

// clientLimit is a scripted rate limit for one client key.
type clientLimit struct {
	left       int // requests still to refuse; negative = all
	retryAfter time.Duration
}

// LimitClient makes the next n requests with clientKey (after its secret is
// checked) answer 429 rate_limited with Retry-After retryAfter (rounded up
// to whole seconds, at least 1); n < 0 refuses every request until
// LimitClient(clientKey, 0, 0). Unlike Config.RateLimit it needs no earlier
// requests, so a test can rate limit one client from the first call.
func (s *Server) LimitClient(clientKey string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n == 0 {
		delete(s.limited, clientKey)
		return
	}
	if s.limited == nil {
		s.limited = map[string]*clientLimit{}
	}
	s.limited[clientKey] = &clientLimit{left: n, retryAfter: retryAfter}
}

// takeLimited reports whether this request of clientKey is to be refused by
// LimitClient, and the wait to announce.
func (s *Server) takeLimited(clientKey string) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.limited[clientKey]
	if l == nil {
		return 0, false
	}
	if l.left > 0 {
		l.left--
		if l.left == 0 {
			delete(s.limited, clientKey)
		}
	}
	return l.retryAfter, true
}

func (s *Server) isRefused(clientKey string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused[clientKey]
}

// RequestCount is the number of requests received, whatever became of them.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// IssueCount is the number of tokens issued: 200 responses from either
// endpoint.
func (s *Server) IssueCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

func (s *Server) countRequest() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
}

func (s *Server) takeFailure() (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return 0, false
	}
	f := s.failures[0]
	s.failures = s.failures[1:]
	return f, true
}

// sleep waits out the added latency, or returns the request context's error
// if the client goes away first.
func (s *Server) sleep(r *http.Request) error {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.Context().Done():
		return context.Cause(r.Context())
	}
}

// fail carries out a scripted failure. FailDrop hijacks the connection and
// returns it for the caller to close without a response; where the
// connection cannot be hijacked (HTTP/2, a ResponseRecorder) it aborts the
// handler, which net/http turns into a reset connection or stream.
func (s *Server) fail(w http.ResponseWriter, f Failure, rec *LoggedRequest) io.Closer {
	rec.Error = "scripted failure: " + f.String()
	if f == FailDrop {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			return conn
		}
		panic(http.ErrAbortHandler)
	}
	rec.Status = http.StatusInternalServerError
	writeError(w, newError(http.StatusInternalServerError, CodeServerError, "",
		"scripted failure: the fake server was told to fail this request"))
	return nil
}
