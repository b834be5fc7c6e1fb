package store

import (
	"testing"
	"time"
)

func TestFastTimeMatchesTimePackage(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 100000000, time.UTC),
		time.Date(2024, 2, 29, 12, 30, 45, 5000, time.FixedZone("x", 3600)),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, tm := range times {
		want := tm.UTC().Format(time.RFC3339Nano)
		if got := string(appendUTCTime(nil, tm)); got != want {
			t.Errorf("appendUTCTime(%v) = %q, want %q", tm, got, want)
		}
	}
	for _, s := range []string{
		"2026-11-27T09:00:00Z", "2026-11-27T09:00:00.5Z", "2026-11-27T09:00:00.123456789Z",
		"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "0000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "2026-13-01T00:00:00Z", "2026-11-27T24:00:00Z",
		"2026-11-27T09:00:00.Z", "2026-11-27T09:00:00.1234567890Z", "2026-11-27T09:00:00+01:00",
		"2026-11-27 09:00:00Z", "2026-11-27T09:00:60Z", "+026-11-27T09:00:00Z",
	} {
		got, ok := parseUTCTime(s)
		want, err := time.Parse(time.RFC3339Nano, s)
		if ok && (err != nil || !got.Equal(want)) {
			t.Errorf("parseUTCTime(%q) = %v, time.Parse = %v, %v", s, got, want, err)
		}
		if err == nil {
			// What the writer produces always takes the fast path.
			canonical := string(appendUTCTime(nil, want))
			if got, ok := parseUTCTime(canonical); !ok || !got.Equal(want) {
				t.Errorf("parseUTCTime(%q) = %v, %v; want %v", canonical, got, ok, want)
			}
		}
	}
}

func FuzzParseUTCTime(f *testing.F) {
	f.Add("2026-11-27T09:00:00.123Z")
	f.Add("2023-02-29T00:00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseUTCTime(s)
		if !ok {
			return
		}
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil || !got.Equal(want) {
			t.Fatalf("parseUTCTime(%q) = %v, time.Parse = %v, %v", s, got, want, err)
		}
		if out := string(appendUTCTime(nil, got)); out != got.Format(time.RFC3339Nano) {
			t.Fatalf("appendUTCTime = %q", out)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"123.456789ms", "1.5s", "800µs", "800us", "42ns", "1.2345ns", "0s", "1m30s", "-1s", ".5s", "5.s", "999999999.999999999s", "1.0000000001s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseDuration(s)
		want, wantErr := time.ParseDuration(s)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Fatalf("parseDuration(%q) = %v, %v; time.ParseDuration = %v, %v", s, got, err, want, wantErr)
		}
	})
}
