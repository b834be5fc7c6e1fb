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
