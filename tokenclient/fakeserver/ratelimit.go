package fakeserver

import (
	"sync"
	"time"
)

// rateWindow is the span over which RateLimit requests are allowed.
const rateWindow = time.Minute

// rateLimiter allows at most limit requests per client key in any rateWindow
// (a sliding log: exact, and deterministic under a fake clock). Refused
// requests are not counted, so a client that waits out Retry-After gets in.
type rateLimiter struct {
	limit int
	mu    sync.Mutex
	seen  map[string][]time.Time // per key, oldest first, within the window
}

func newRateLimiter(limit int) *rateLimiter {
	return &rateLimiter{limit: limit, seen: make(map[string][]time.Time)}
}

// allow records a request from key at now, or refuses it and says how long
// until the oldest counted request leaves the window.
func (l *rateLimiter) allow(key string, now time.Time) (time.Duration, bool) {
	if l.limit <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	times := l.seen[key]
	cut := 0
	for cut < len(times) && !now.Before(times[cut].Add(rateWindow)) {
		cut++
	}
	times = times[cut:]
	if len(times) >= l.limit {
		l.seen[key] = times
		return times[0].Add(rateWindow).Sub(now), false
	}
	l.seen[key] = append(times, now)
	return 0, true
}
