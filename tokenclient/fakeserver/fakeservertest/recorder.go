package fakeservertest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// Wire is one request as it came off the wire: its headers and body bytes.
type Wire struct {
	Header http.Header
	Body   string
}

// Recorder is a fake server behind a handler that keeps the bytes of every
// request, so tests can compare what a client sent with what a real client
// sends.
type Recorder struct {
	// URL is the server's base URL.
	URL  string
	mu   sync.Mutex
	srv  *fakeserver.Server
	seen []Wire
}

// NewRecorder starts a recording fake server for cfg, closed when the test
// ends.
func NewRecorder(t testing.TB, cfg fakeserver.Config) *Recorder {
	t.Helper()
	r := &Recorder{srv: fakeserver.New(cfg)}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.seen = append(r.seen, Wire{Header: req.Header.Clone(), Body: string(body)})
		srv := r.srv
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		srv.ServeHTTP(w, req)
	}))
	t.Cleanup(hs.Close)
	r.URL = hs.URL
	return r
}

// Server is the fake server answering now (for its knobs and checks).
func (r *Recorder) Server() *fakeserver.Server {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.srv
}

// Restart replaces the server behind the same URL with a fresh one for
// cfg: every token the old one issued is unknown to it.
func (r *Recorder) Restart(cfg fakeserver.Config) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.srv = fakeserver.New(cfg)
}

// Last is the newest request; it fails the test when there is none.
func (r *Recorder) Last(t testing.TB) Wire {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		t.Fatal("nothing was sent")
	}
	return r.seen[len(r.seen)-1]
}

// All is every request so far, oldest first.
func (r *Recorder) All() []Wire {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Wire(nil), r.seen...)
}
