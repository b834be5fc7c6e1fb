package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokens"
)

// readmeDiffCalls are the two calls of README.md's history diff capture.
func readmeDiffCalls() (store.HistoryEntry, store.HistoryEntry) {
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	req := func(ua, network string) store.ExchangeRequest {
		return store.ExchangeRequest{Method: "POST", URL: "https://api.nfl.com/identity/v3/token",
			Headers: []store.Header{{Name: "Accept", Value: "application/json"}, {Name: "Content-Type", Value: "application/json"}, {Name: "User-Agent", Value: ua}},
			Body:    `{"clientKey":"4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g","clientSecret":"••••••••","deviceId":"3cfdef35-c7fe-4f2d-8630-1ec72f52b44d","networkType":"` + network + `"}`}
	}
	hdr := []store.Header{{Name: "Cache-Control", Value: "no-store"}, {Name: "Content-Type", Value: "application/json"}}
	a := store.HistoryEntry{ID: 41, Profile: "android-dev", Time: at, Kind: store.KindIssue, Status: 200, Endpoint: "https://api.nfl.com",
		Exchange: &store.Exchange{Request: req("okhttp/4.11.0", "wifi"), Response: &store.ExchangeResponse{Status: 200, Headers: hdr,
			Body: `{"expiresIn":1796313600,"accessToken":"••••••••"}`}}}
	b := store.HistoryEntry{ID: 42, Profile: "tv-stage", Time: at.Add(5 * time.Minute), Kind: store.KindIssue, Status: 401, Endpoint: "https://api.nfl.com",
		Error: "HTTP 401: clientSecret is wrong for this clientKey",
		Exchange: &store.Exchange{Request: req("authdeck/1.0.0", "other"), Response: &store.ExchangeResponse{Status: 401, Headers: hdr,
			Body: `{"expiresIn":1796313600,"error":"invalid_client"}`}}}
	return a, b
}

// TestReadmeHistoryDiff: README.md's history diff capture is what the diff
// table prints for its two calls.
func TestReadmeHistoryDiff(t *testing.T) {
	want := readmeBlockAfter(t, "authdeck history diff 41 42")
	a, b := readmeDiffCalls()
	var out strings.Builder
	if err := writeCallDiff(&out, tokens.DiffCalls(a, b), 0); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("README's history diff differs; replace it with:\n%s\nREADME has:\n%s", out.String(), want)
	}
}
