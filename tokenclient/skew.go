package tokenclient

import (
	"net/http"
	"time"
)

// SkewThreshold is the clock difference worth telling the user about: past
// it, tokens look expired early (a local clock behind the server's) or
// valid after they expired (ahead).
const SkewThreshold = 30 * time.Second

// ClockSkew measures how far the server's clock is from the local one:
// offset is the server time (the response's Date header) minus the local
// time the response arrived (res.Received, else now). A positive offset
// means the local clock is behind the server's. ok is false when res is nil
// or has no parsable Date header. Date has whole seconds, so the offset is
// only good to about a second.
func ClockSkew(res *Result) (offset time.Duration, ok bool) {
	if res == nil || res.Header == nil {
		return 0, false
	}
	server, err := http.ParseTime(res.Header.Get("Date"))
	if err != nil {
		return 0, false
	}
	local := res.Received
	if local.IsZero() {
		local = time.Now()
	}
	// Date is truncated to the second: compare with the local time
	// truncated the same way so a perfect clock reads as 0.
	return server.Sub(local.Truncate(time.Second)), true
}
