package tokenclient

import "time"

// relativeExpiryLimit: an expiresIn below this (10^9 s, September 2001) is
// taken as a duration rather than an absolute unix time.
const relativeExpiryLimit = 1_000_000_000

// ExpiryOf is when a token with this expiresIn expires. The contract says
// expiresIn is an absolute unix time; a server that sends a small number
// (under 10^9) means seconds from now, so At is computed from received and
// Relative is set. A negative expiresIn counts as 0 (expired on receipt).
func ExpiryOf(expiresIn int64, received time.Time) Expiry {
	expiresIn = max(expiresIn, 0)
	if expiresIn < relativeExpiryLimit {
		return Expiry{At: received.Add(time.Duration(expiresIn) * time.Second), Relative: true}
	}
	return Expiry{At: time.Unix(expiresIn, 0)}
}
