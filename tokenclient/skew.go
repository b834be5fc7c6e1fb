package tokenclient

import (
	"net/http"
	"time"
)

// SkewThreshold is the clock difference worth telling the user about: past
// it, tokens look expired early (a local clock behind the server's) or
// valid after they expired (ahead). Below it, latency and the one-second
// resolution of Date and iat make the measure noise.
const SkewThreshold = 30 * time.Second

// ClockSkew measures how far the server's clock is from the local one:
// offset is the server time minus the local time the response arrived
// (res.Received). The server time is the response's Date header
// or, without one, the access token's iat claim. A positive offset means the
// local clock is behind the server's. ok is false when res is nil, has no
// receipt time (a token that did not come from a call) or neither time is
// usable. Both have whole seconds, so the offset is good to about a
// second.
func ClockSkew(res *Result) (offset time.Duration, ok bool) {
	if res == nil || res.Received.IsZero() {
		return 0, false
	}
	// The server's times are whole seconds: compare with the local time
	// truncated the same way so a perfect clock reads as 0.
	local := res.Received.Truncate(time.Second)
	if server, err := http.ParseTime(res.Header.Get("Date")); err == nil {
		return server.Sub(local), true
	}
	if j := DecodeJWT(res.Token.AccessToken); j.IsJWT && j.IssuedAt != nil {
		return j.IssuedAt.Sub(local), true
	}
	return 0, false
}
