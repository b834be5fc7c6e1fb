package tokenclient

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestExpiryOfClampsWhatTimeCannotHold(t *testing.T) {
	t.Parallel()
	received := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	for _, in := range []int64{math.MaxInt64, math.MaxInt64 - 62135596800 + 1, 1e15, LatestExpiry.Unix() + 1} {
		e := ExpiryOf(in, received)
		if !e.Clamped || !e.At.Equal(LatestExpiry) || e.At.Year() != 2262 {
			t.Errorf("ExpiryOf(%d) = %+v, want clamped to %s", in, e, LatestExpiry)
		}
		if e.At.UnixNano() < 0 {
			t.Errorf("ExpiryOf(%d): %s does not fit unix nanoseconds", in, e.At)
		}
	}
	for _, in := range []int64{LatestExpiry.Unix(), 1758732647, 1e9} {
		if e := ExpiryOf(in, received); e.Clamped || e.At.Unix() != in {
			t.Errorf("ExpiryOf(%d) = %+v", in, e)
		}
	}
}

func TestClockSkewOfAnImplausibleServerTimeIsBounded(t *testing.T) {
	t.Parallel()
	local := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Date", "Mon, 01 Jan 1601 00:00:00 GMT")
	off, ok := ClockSkew(&Result{Header: h, Received: local})
	if !ok || off != -MaxClockSkew {
		t.Fatalf("Date in 1601: %v %v, want -%v", off, ok, MaxClockSkew)
	}
	e, ok := ExplainSkew(off)
	if !ok || !e.Beyond || !e.Ahead || e.By != MaxClockSkew {
		t.Errorf("%+v", e)
	}
	// An iat in the year 30000 (a JWT NumericDate of 9e11).
	tok := "eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjkwMDAwMDAwMDAwMH0.c2ln"
	off, ok = ClockSkew(&Result{Header: http.Header{}, Token: TokenResponse{AccessToken: tok}, Received: local})
	if !ok || off != MaxClockSkew {
		t.Fatalf("iat in the year 30000: %v %v", off, ok)
	}
	if e, _ := ExplainSkew(off); !e.Beyond || e.Ahead || !strings.Contains(e.Consequence, "valid after") {
		t.Errorf("%+v", e)
	}
	if e, _ := ExplainSkew(99 * 365 * 24 * time.Hour); e.Beyond {
		t.Error("99 years is a measure, not beyond it")
	}
}
