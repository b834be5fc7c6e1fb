package tokenclient

import (
	"net/http"
	"time"
)

// SkewThreshold is the clock difference from which authdeck warns: below
// it, network latency and the one-second resolution of Date and iat make
// the measure meaningless anyway.
const SkewThreshold = 30 * time.Second

// ClockSkew is how far the server's clock is ahead of this computer's
// (negative: behind) when res arrived: server time − local time at
// receipt. It reads the response's Date header and, without one, the
// access token's iat claim; ok is false when neither is usable. Both have
// one-second resolution, so small offsets are noise (see SkewThreshold).
func ClockSkew(res *Result) (offset time.Duration, ok bool) {
	if res == nil || res.Received.IsZero() {
		return 0, false
	}
	if d := res.Header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			return t.Sub(res.Received).Truncate(time.Second), true
		}
	}
	if j := DecodeJWT(res.Token.AccessToken); j.IsJWT && j.IssuedAt != nil {
		return j.IssuedAt.Sub(res.Received).Truncate(time.Second), true
	}
	return 0, false
}
