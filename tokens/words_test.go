package tokens

import (
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
)

func TestDuration(t *testing.T) {
	cases := map[time.Duration]string{
		312 * time.Second: "5m 12s", 45 * time.Second: "45s", 1500 * time.Millisecond: "1.5s",
		800 * time.Millisecond: "800ms", 2*time.Hour + 3*time.Minute + 4*time.Second: "2h 3m", time.Minute: "1m",
	}
	for d, want := range cases {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestTokenStatus(t *testing.T) {
	now := fixedNow
	if got := TokenStatus(nil, now); got != "none" {
		t.Errorf("no token: %q", got)
	}
	tok := &store.TokenMeta{ExpiresAt: now.Add(42*time.Minute + 30*time.Second)}
	if got := TokenStatus(tok, now); got != "valid 42m" {
		t.Errorf("valid: %q", got)
	}
	tok.ExpiresAt = now.Add(26*time.Hour + 59*time.Minute)
	if got := TokenStatus(tok, now); got != "valid 1d2h" {
		t.Errorf("valid for days: %q", got)
	}
	tok.ExpiresAt = now.Add(-time.Second)
	if got := TokenStatus(tok, now); got != "expired" {
		t.Errorf("expired: %q", got)
	}
}

func TestCallStatus(t *testing.T) {
	now := fixedNow
	cases := []struct {
		e    *store.HistoryEntry
		want string
	}{
		{nil, ""},
		{&store.HistoryEntry{Status: 200, Time: now.Add(-5 * time.Minute)}, "✓ 200 5m ago"},
		{&store.HistoryEntry{Status: 401, Error: "x", Time: now.Add(-2 * time.Hour)}, "✗ 401 2h ago"},
		{&store.HistoryEntry{Error: "refused", Time: now.Add(-72 * time.Hour)}, "✗ failed 3d ago"},
		{&store.HistoryEntry{Status: 200, Time: now}, "✓ 200 now"},
		// Refused before anything was sent.
		{&store.HistoryEntry{Error: "invalid request: clientSecret: is required: enter the client secret of the application", Time: now}, "no secret"},
		{&store.HistoryEntry{Error: "invalid request: deviceId: \"x\" is not a UUID", Time: now.Add(-time.Hour)}, "✗ not sent 1h ago"},
	}
	for _, c := range cases {
		if got := CallStatus(c.e, now); got != c.want {
			t.Errorf("CallStatus(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

func TestDescribeAddsTheDetailToLabel(t *testing.T) {
	cases := []struct {
		r           CheckResult
		label, long string
	}{
		{CheckResult{Kind: CheckOK, Cached: true}, "ok cached", "ok (cached)"},
		{CheckResult{Kind: CheckOK, Waited: 2 * time.Second}, "ok", "ok (after waiting 2s)"},
		{CheckResult{Kind: CheckRateLimited, Status: 429, RetryAfter: 36 * time.Second}, "429 rate limited", "429 rate limited (retry in 36s)"},
		{CheckResult{Kind: CheckRateLimited, Status: 429}, "429 rate limited", "429 rate limited"},
		{CheckResult{Kind: CheckHTTP, Status: 502}, "502 bad gateway", "502 bad gateway"},
		{CheckResult{Kind: CheckRefused}, "refused", "connection refused"},
	}
	for _, c := range cases {
		if got := c.r.Label(); got != c.label {
			t.Errorf("Label(%+v) = %q, want %q", c.r, got, c.label)
		}
		if got := Describe(c.r); got != c.long {
			t.Errorf("Describe(%+v) = %q, want %q", c.r, got, c.long)
		}
	}
}
