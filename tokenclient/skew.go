package tokenclient

import (
	"net/http"
	"time"
)

// SkewThreshold is the clock difference worth telling the user about: past
// it, tokens look expired early (a local clock ahead of the server's) or
// valid after they expired (behind). Below it, latency and the one-second
// resolution of Date and iat make the measure noise.
const SkewThreshold = 30 * time.Second

// MaxClockSkew bounds the offset ClockSkew reports: a server time further
// from the local clock than this (a Date header in 1601, an iat in the year
// 30000) is reported as exactly ±MaxClockSkew, which ExplainSkew words as
// "more than" it. Without the bound such a difference overflows
// time.Duration (about 292 years) into nonsense.
const MaxClockSkew = 100 * 365 * 24 * time.Hour

// ClockSkew measures how far the server's clock is from the local one:
// offset is the server time minus the local time the response arrived
// (res.Received). The server time is the response's Date header
// or, without one, the access token's iat claim. A positive offset means
// the local clock is behind the server's; a negative one, ahead of it.
//
// expiresIn and exp are absolute server times, so a local clock that is
// ahead sees tokens expire early (by as much as it is ahead), and one that
// is behind sees them still valid after they expired. ExplainSkew puts
// that in words.
//
// The offset is clamped to ±MaxClockSkew. ok is false when res is nil, has no receipt time (a token that did not
// come from a call) or neither time is usable. Both have whole seconds, so
// the offset is good to about a second.
func ClockSkew(res *Result) (offset time.Duration, ok bool) {
	if res == nil || res.Received.IsZero() {
		return 0, false
	}
	// The server's times are whole seconds: compare with the local time
	// truncated the same way so a perfect clock reads as 0.
	local := res.Received.Truncate(time.Second)
	if server, err := http.ParseTime(res.Header.Get("Date")); err == nil {
		return boundedOffset(server, local), true
	}
	if j := DecodeJWT(res.Token.AccessToken); j.IsJWT && j.IssuedAt != nil {
		return boundedOffset(*j.IssuedAt, local), true
	}
	return 0, false
}

// boundedOffset is server minus local, clamped to ±MaxClockSkew.
func boundedOffset(server, local time.Time) time.Duration {
	d := server.Sub(local) // saturates at about ±292 years
	return max(min(d, MaxClockSkew), -MaxClockSkew)
}

// SkewExplanation is what a clock offset means for tokens, in facts and
// words, so every place that reports skew says the same thing.
type SkewExplanation struct {
	// Ahead is true when the local clock is ahead of the server's (a
	// negative offset), false when it is behind.
	Ahead bool
	// By is how far the local clock is off, positive, in whole seconds.
	By time.Duration
	// Beyond is true when the offset reached MaxClockSkew: the local clock
	// is off by more than By (MaxClockSkew), or the server's time is broken.
	Beyond bool
	// Direction is "ahead of" or "behind", to be followed by the server's
	// name: "your clock is 5m ahead of api.nfl.com's".
	Direction string
	// Consequence says what the user will see: "tokens will look expired
	// early …" (ahead) or "tokens will look valid after they expired …"
	// (behind).
	Consequence string
}

// ExplainSkew explains offset (server minus local, as ClockSkew measures
// it). ok is false when the offset is within SkewThreshold, where there is
// nothing worth saying.
func ExplainSkew(offset time.Duration) (e SkewExplanation, ok bool) {
	if offset.Abs() <= SkewThreshold {
		return SkewExplanation{}, false
	}
	e.By = offset.Abs().Round(time.Second)
	e.Beyond = e.By >= MaxClockSkew
	if offset < 0 {
		e.Ahead = true
		e.Direction = "ahead of"
		e.Consequence = "tokens will look expired early and their countdown runs short by as much"
		return e, true
	}
	e.Direction = "behind"
	e.Consequence = "tokens will look valid after they expired and their countdown runs long by as much"
	return e, true
}
