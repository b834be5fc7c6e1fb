package tokenclient

import (
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"
)

// timer records the phases of one call through net/http/httptrace. The
// transport may call the hooks from other goroutines, hence the lock.
type timer struct {
	mu                                   sync.Mutex
	start                                time.Time
	dnsStart, connStart, tlsStart, wrote time.Time
	t                                    Timing
}

func newTimer() *timer { return &timer{start: time.Now()} }

// trace returns the hooks that fill in the timer.
func (tm *timer) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { tm.mark(&tm.dnsStart) },
		DNSDone:  func(httptrace.DNSDoneInfo) { tm.since(&tm.t.DNS, tm.dnsStart) },
		ConnectStart: func(string, string) {
			tm.mu.Lock()
			if tm.connStart.IsZero() { // several with Happy Eyeballs; time from the first
				tm.connStart = time.Now()
			}
			tm.mu.Unlock()
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				tm.since(&tm.t.Connect, tm.connStart)
			}
		},
		TLSHandshakeStart: func() { tm.mark(&tm.tlsStart) },
		TLSHandshakeDone:  func(tls.ConnectionState, error) { tm.since(&tm.t.TLS, tm.tlsStart) },
		WroteRequest:      func(httptrace.WroteRequestInfo) { tm.mark(&tm.wrote) },
		GotFirstResponseByte: func() {
			tm.mu.Lock()
			from := tm.wrote
			if from.IsZero() {
				from = tm.start
			}
			tm.t.FirstByte = time.Since(from)
			tm.mu.Unlock()
		},
	}
}

func (tm *timer) mark(at *time.Time) {
	tm.mu.Lock()
	*at = time.Now()
	tm.mu.Unlock()
}

func (tm *timer) since(d *time.Duration, from time.Time) {
	tm.mu.Lock()
	if !from.IsZero() {
		*d = time.Since(from)
	}
	tm.mu.Unlock()
}

// done stops the clock and returns the phases.
func (tm *timer) done() Timing {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	t := tm.t
	t.Total = time.Since(tm.start)
	return t
}
