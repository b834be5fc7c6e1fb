package tokens

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// The words the CLI and the console both show for what this package and
// the store report: one copy, so both say the same thing. Nothing here
// holds a secret or text from a server.

// Label is the result in a few words, as the console's CHECK column shows it:
// "ok", "401 wrong secret", "429 rate limited", "timeout", "DNS" ... It
// never holds a secret (no error text is shown).
func (r CheckResult) Label() string {
	switch r.Kind {
	case CheckOK:
		switch {
		case r.Cached:
			return "ok cached"
		case r.Refreshed:
			return "ok refreshed"
		}
		return "ok"
	case CheckUnauthorized:
		return "401 wrong secret"
	case CheckForbidden:
		return "403 forbidden"
	case CheckRateLimited:
		return "429 rate limited"
	case CheckHTTP:
		return strconv.Itoa(r.Status) + " " + strings.ToLower(http.StatusText(r.Status))
	case CheckTimeout:
		return "timeout"
	case CheckDNS:
		return "DNS failed"
	case CheckRefused:
		return "refused"
	case CheckConnect:
		return "unreachable"
	case CheckTLS:
		return "TLS failed"
	case CheckNetwork:
		return "network error"
	case CheckBadResponse:
		return "bad response"
	case CheckInvalid:
		return "invalid profile"
	case CheckCanceled:
		return "canceled"
	case CheckNotFound:
		return "no such profile"
	case CheckUnmet:
		return "expectation unmet"
	}
	return "error"
}

// Describe is the result in whole words, with the detail a table has room
// for (what was waited, when to retry): "ok (cached)", "401 wrong key or
// secret", "429 rate limited (retry in 36s)". It never holds a secret.
func Describe(r CheckResult) string {
	switch r.Kind {
	case CheckOK:
		switch {
		case r.Cached:
			return "ok (cached)"
		case r.Refreshed:
			return "ok (refreshed)"
		case r.Waited > 0:
			return "ok (after waiting " + Duration(r.Waited) + ")"
		}
	case CheckUnauthorized:
		return "401 wrong key or secret"
	case CheckRateLimited:
		if r.RetryAfter > 0 {
			return "429 rate limited (retry in " + Duration(r.RetryAfter) + ")"
		}
	case CheckRefused:
		return "connection refused"
	case CheckUnmet:
		if len(r.Unmet) == 1 && r.Unmet[0].Plan != "" {
			return "plan not granted"
		}
		if len(r.Unmet) == 1 {
			return "too little time left"
		}
		return strconv.Itoa(len(r.Unmet)) + " expectations unmet"
	}
	return r.Label()
}

// CallStatus sums up a profile's newest call e (Profile.LastCall) at now,
// as lists show it: "✓ 200 5m ago", "✗ 401 2h ago", "✗ failed 1d ago" (no
// response came); for a request refused before it was sent, "no secret"
// when the client secret was missing and "✗ not sent 1d ago" otherwise;
// "" when no call was recorded (e is nil).
func CallStatus(e *store.HistoryEntry, now time.Time) string {
	if e == nil {
		return ""
	}
	mark, status := "✓", strconv.Itoa(e.Status)
	switch notSent, noSecret := tokenclient.NotSent(e.Error); {
	case e.Status == 0 && noSecret:
		return "no secret"
	case e.Status == 0 && notSent:
		mark, status = "✗", "not sent"
	case e.Status == 0:
		mark, status = "✗", "failed"
	case e.Status >= 300 || e.Error != "":
		mark = "✗"
	}
	return mark + " " + status + " " + Ago(now.Sub(e.Time))
}

// Ago renders a past duration coarsely: "now", "45s ago", "5m ago", "3h
// ago", "2d ago".
func Ago(d time.Duration) string {
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s ago"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d ago"
}

// TokenStatus describes a profile's cached token t (Profile.Token) at now:
// "valid 42m" (time left, rounded down), "expired" or "none" (t is nil).
func TokenStatus(t *store.TokenMeta, now time.Time) string {
	if t == nil {
		return "none"
	}
	left := t.ExpiresAt.Sub(now)
	if left <= 0 {
		return "expired"
	}
	return "valid " + coarse(left)
}

// coarse renders d rounded down to two units: "45s", "42m", "5h12m", "3d4h".
func coarse(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h" + strconv.Itoa(int(d%time.Hour/time.Minute)) + "m"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d" + strconv.Itoa(int(d%(24*time.Hour)/time.Hour)) + "h"
	}
}

// Duration renders d as "5m 12s", "2h 3m", "45s", "1.5s", "800ms".
func Duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < 10*time.Second && d%time.Second != 0:
		return d.Round(100 * time.Millisecond).String()
	}
	d = d.Round(time.Second)
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	var parts []string
	if h > 0 {
		parts = append(parts, strconv.Itoa(int(h))+"h")
	}
	if m > 0 {
		parts = append(parts, strconv.Itoa(int(m))+"m")
	}
	if s > 0 && h == 0 {
		parts = append(parts, strconv.Itoa(int(s))+"s")
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, " ")
}

// Plans is the PLAN cell: the plans that grant access, "free" or
// "NFL_PLUS, free"; "-" when no token came, "none" when it grants nothing,
// "unknown" when its claims could not be read. The names come from the
// token: a terminal shows them through the sanitiser.
func Plans(r CheckResult) string {
	switch {
	case r.Access == nil:
		return "-"
	case !r.Access.Readable:
		return "unknown"
	}
	if g := GrantingPlans(r.Access); len(g) > 0 {
		return strings.Join(g, ", ")
	}
	return "none"
}

// UnmetReasons says why a CheckUnmet result failed, one clause per unmet
// expectation joined by "; ": "plan NFL_PLUS is not in the token (it grants
// free)", "plan NFL_PLUS is EXPIRED", "the token has 4m 59s left, less than
// the 10m expected". Plan names come from the caller and the token.
func UnmetReasons(r CheckResult) string {
	parts := make([]string, 0, len(r.Unmet))
	for _, u := range r.Unmet {
		parts = append(parts, unmetReason(u, r))
	}
	return strings.Join(parts, "; ")
}

func unmetReason(u Unmet, r CheckResult) string {
	if u.Plan == "" {
		return "the token has " + Duration(u.Left.Round(time.Second)) + " left, less than the " + Duration(u.MinLeft) + " expected"
	}
	switch {
	case u.Unknown:
		return "plan " + u.Plan + " may or may not grant access: the token's plans cannot be read (see claims explain)"
	case u.Status != "":
		return "plan " + u.Plan + " is " + u.Status + " and grants no access now"
	}
	return "plan " + u.Plan + " is not in the token (it grants " + Plans(r) + ")"
}
