package cli

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// readmeCheckResults are the five profiles of README.md's check capture.
func readmeCheckResults(now time.Time) []tokens.CheckResult {
	return []tokens.CheckResult{
		{Profile: "android-dev", Kind: tokens.CheckOK, Status: 200, Latency: 48 * time.Millisecond,
			ExpiresAt: now.Add(59*time.Minute + 59*time.Second), SecretStore: store.SecretKeyring},
		{Profile: "android-qa", Kind: tokens.CheckUnauthorized, Status: 401, Latency: 41 * time.Millisecond, SecretStore: store.SecretKeyring,
			Err: &tokenclient.HTTPError{Status: 401,
				Excerpt: `{"error":"invalid_client","field":"clientSecret","message":"clientSecret is wrong for this clientKey"}`}},
		{Profile: "ios-prod", Kind: tokens.CheckOK, Cached: true, ExpiresAt: now.Add(41*time.Minute + 3*time.Second), SecretStore: store.SecretKeyring},
		{Profile: "tv-stage", Kind: tokens.CheckRateLimited, Status: 429, RetryAfter: time.Minute, Latency: 37 * time.Millisecond, SecretStore: store.SecretFile,
			Err: &tokenclient.HTTPError{Status: 429, RetryAfter: time.Minute,
				Excerpt: `{"error":"rate_limited","message":"this clientKey is rate limited; retry after the Retry-After seconds"}`}},
		{Profile: "web-old", Kind: tokens.CheckRefused, Latency: 2 * time.Millisecond, SecretStore: store.SecretFile,
			Err: errors.New("connection refused by 10.0.0.7:443; is the server running and the port right?")},
	}
}

// TestReadmeCheckCaptureIsWhatCheckPrints: the check table in README.md is
// the table printer's output for its five profiles, DETAIL showing each
// server's message, so the README cannot drift from the code.
func TestReadmeCheckCaptureIsWhatCheckPrints(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "```\nPROFILE ")
	if start < 0 {
		t.Fatal("README.md has no check capture (a fenced block starting with PROFILE)")
	}
	block := string(readme)[start+len("```\n"):]
	block = block[:strings.Index(block, "```")]

	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	results := readmeCheckResults(now)
	var b strings.Builder
	if err := writeCheckTable(&b, results, now, 0); err != nil {
		t.Fatal(err)
	}
	b.WriteString(checkSummary(results, len(results)) + "\n")
	if got := b.String(); got != block {
		t.Errorf("README.md's check capture differs from what check prints; replace it with:\n%s\nREADME has:\n%s", got, block)
	}
}
