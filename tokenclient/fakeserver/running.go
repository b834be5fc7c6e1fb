package fakeserver

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a Server listening on a TCP address, like httptest.Server.
type Running struct {
	// URL is the base URL, e.g. "http://127.0.0.1:41234", with no trailing slash.
	URL string
	// Server is the handler, for its knobs.
	Server *Server

	http      *http.Server
	closeOnce sync.Once
	done      chan struct{} // closed when Serve has returned

	mu      sync.Mutex
	idle    *sync.Cond // signalled when active drops to 0
	active  int        // handlers in progress
	closing bool
}

// Start serves a new Server for cfg on a free loopback port.
func Start(cfg Config) (*Running, error) {
	return StartAt("127.0.0.1:0", cfg)
}

// StartAt serves a new Server for cfg on addr ("host:port"; port 0 picks a
// free one).
func StartAt(addr string, cfg Config) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fake server cannot listen on %s: %w", addr, err)
	}
	r := &Running{
		URL:    "http://" + ln.Addr().String(),
		Server: New(cfg),
		done:   make(chan struct{}),
	}
	r.idle = sync.NewCond(&r.mu)
	r.http = &http.Server{
		Handler:           http.HandlerFunc(r.serve),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(discard{}, "", 0), // aborted (FailDrop) connections are expected
	}
	go func() {
		defer close(r.done)
		_ = r.http.Serve(ln)
	}()
	return r, nil
}

// serve counts handlers in progress so Close can wait for them.
func (r *Running) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	if r.closing {
		r.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
	r.active++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.active--
		if r.active == 0 {
			r.idle.Broadcast()
		}
		r.mu.Unlock()
	}()
	r.Server.ServeHTTP(w, req)
}

// Close stops listening, closes every connection and waits for handlers in
// progress to finish (one sleeping in added latency returns as soon as its
// connection closes). It is safe to call more than once.
func (r *Running) Close() {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		r.closing = true
		r.mu.Unlock()
		_ = r.http.Close() // only ever the listener's close error, of no use here
		<-r.done
		r.mu.Lock()
		for r.active > 0 {
			r.idle.Wait()
		}
		r.mu.Unlock()
	})
}

// discard is an io.Writer that drops everything.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
