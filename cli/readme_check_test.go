package cli

import (
	"encoding/xml"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// readmeAccess is a verdict whose plans grant access (ACTIVE).
func readmeAccess(plans ...string) *tokenclient.Access {
	yes := true
	a := &tokenclient.Access{Readable: true}
	for _, p := range plans {
		a.Plans = append(a.Plans, tokenclient.PlanAccess{Plan: p, Status: tokenclient.StatusActive, GrantsAccess: &yes})
	}
	return a
}

// readmeCheckResults are the five profiles of README.md's check capture.
func readmeCheckResults(now time.Time) []tokens.CheckResult {
	return []tokens.CheckResult{
		{Profile: "android-dev", Kind: tokens.CheckOK, Status: 200, Latency: 48 * time.Millisecond,
			ExpiresAt: now.Add(59*time.Minute + 59*time.Second), SecretStore: store.SecretKeyring, Access: readmeAccess("NFL_PLUS", "free")},
		{Profile: "android-qa", Kind: tokens.CheckUnauthorized, Status: 401, Latency: 41 * time.Millisecond, SecretStore: store.SecretKeyring,
			Err: &tokenclient.HTTPError{Status: 401,
				Excerpt: `{"error":"invalid_client","field":"clientSecret","message":"clientSecret is wrong for this clientKey"}`}},
		{Profile: "ios-prod", Kind: tokens.CheckOK, Cached: true, ExpiresAt: now.Add(41*time.Minute + 3*time.Second), SecretStore: store.SecretKeyring,
			Access: readmeAccess("free")},
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

// TestReadmeCheckJUnit: README's JUnit test case is what writeCheckJUnit
// prints for a profile whose token grants only free, and the README's CI
// command line runs (against the fake server) to valid XML with exit 1.
func TestReadmeCheckJUnit(t *testing.T) {
	want := readmeBlockAfter(t, "-o junit > check.xml")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	r := tokens.CheckResult{Profile: "android-qa", Kind: tokens.CheckUnmet, Status: 200, Latency: 41 * time.Millisecond,
		ExpiresAt: now.Add(59*time.Minute + 59*time.Second), Access: readmeAccess("free"), Unmet: []tokens.Unmet{{Plan: "NFL_PLUS"}}}
	var b strings.Builder
	if err := writeCheckJUnit(&b, []string{r.Profile}, []tokens.CheckResult{r}, now, time.Second); err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(b.String(), "\n    ", "\n")
	if !strings.Contains(got, "\n"+want) {
		t.Errorf("README's JUnit test case is not in the output:\nREADME:\n%s\noutput:\n%s", want, b.String())
	}

	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "authdeck check ") && strings.HasSuffix(l, "-o junit > check.xml") {
			line = strings.TrimSuffix(l, " > check.xml")
		}
	}
	args := strings.Fields(line)
	if len(args) < 3 {
		t.Fatal("README has no `authdeck check ... -o junit > check.xml` line")
	}
	f := expectFixture(t, time.Hour)
	res := f.c.run(args[1:]...).want(t, exitFailed)
	f.noSecrets(t, res)
	dec := xml.NewDecoder(strings.NewReader(res.stdout))
	dec.Strict = true
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := dec.Decode(&doc); err != nil || doc.Tests != 3 || doc.Failures != 3 {
		t.Errorf("README's CI line: %v, %+v\n%s", err, doc, res.stdout)
	}
}
