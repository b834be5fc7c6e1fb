package tokenclient

import (
	"math"
	"time"
)

// relativeExpiryLimit: an expiresIn below this (10^9 s, September 2001) is
// taken as a duration rather than an absolute unix time.
const relativeExpiryLimit = 1_000_000_000

// LatestExpiry is the latest expiry a token can have here: the last second
// that unix nanoseconds in an int64 can hold (2262-04-11T23:47:16Z), so every
// store and computation keeps it exactly. A later expiresIn is clamped to it.
var LatestExpiry = time.Unix(0, math.MaxInt64).Truncate(time.Second).UTC()

// ExpiryOf is when a token with this expiresIn expires. The contract says
// expiresIn is an absolute unix time; a server that sends a small number
// (under 10^9) means seconds from now, so At is computed from received and
// Relative is set. A negative expiresIn counts as 0 (expired on receipt).
// An expiresIn past LatestExpiry (9223372036854775807, say, which would
// overflow time.Unix into the year 1677) is clamped to it and Clamped is
// set, so the token counts as valid for good rather than as long expired.
func ExpiryOf(expiresIn int64, received time.Time) Expiry {
	expiresIn = max(expiresIn, 0)
	if expiresIn < relativeExpiryLimit {
		return Expiry{At: received.Add(time.Duration(expiresIn) * time.Second), Relative: true}
	}
	if expiresIn > LatestExpiry.Unix() {
		return Expiry{At: LatestExpiry, Clamped: true}
	}
	return Expiry{At: time.Unix(expiresIn, 0)}
}
