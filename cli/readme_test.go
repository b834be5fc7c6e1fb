package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
)

// readmeBlockAfter is the first fenced block of README.md after the block
// whose line holds marker.
func readmeBlockAfter(t *testing.T, marker string) string {
	t.Helper()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("README lacks %q", marker)
	}
	// Past the end of the block holding the marker, to the next block.
	text = text[i+len(marker):]
	parts := strings.SplitN(text, "\n```", 4)
	if len(parts) < 4 {
		t.Fatalf("README has no block after %q", marker)
	}
	block := parts[2]
	return block[strings.Index(block, "\n")+1:] + "\n"
}

// durations are the parts of the explain output that move with the clock.
var durations = regexp.MustCompile(`\((in |expired )?[0-9hms]+( ago)?\)|\(\d+ days\)`)

// TestReadmeClaimsExplain runs the README's `claims explain` example on a
// token with the claims it describes and compares the output, the
// durations (which move with the clock) aside.
func TestReadmeClaimsExplain(t *testing.T) {
	t.Parallel()
	want := readmeBlockAfter(t, "authdeck claims explain token.jwt")
	file := filepath.Join(t.TempDir(), "token.jwt")
	tok := unsignedJWT(`{"iss":"NFL","uid":"a3f09c1e7b2d4f60","plans":[` +
		`{"plan":"free","source":"NFL","status":"ACTIVE","expirationDate":"2125-01-01","trial":false},` +
		`{"plan":"NFL_PLUS_PREMIUM","source":"NFL","status":"CANCELLED","expirationDate":"2999-01-03","trial":false},` +
		`{"plan":"NFL_PLUS","source":"NFL","status":"EXPIRED","expirationDate":"2026-08-01","trial":true}],` +
		`"networks":{"NFLN":"true","NFLRZ":"true"},"countryCode":"US","dmaCode":"501","region":"NY","city":"new york","exp":1796313600}`)
	if err := os.WriteFile(file, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	got := newCLI(t).run("claims", "explain", file).want(t, exitOK).stdout
	norm := func(s string) string {
		s = strings.Replace(s, "2999-01-03", "2027-01-03", 1) // a date that stays ahead of the test's clock
		return durations.ReplaceAllString(s, "(…)")
	}
	if norm(got) != norm(want) {
		t.Errorf("README's claims explain example differs from the output:\nREADME:\n%s\ngot:\n%s", want, got)
	}
}

// TestReadmeNamesEveryPreset checks the README's preset table against the
// presets: each one a row, no row for a preset that does not exist.
func TestReadmeNamesEveryPreset(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "| `") {
			cell := strings.SplitN(l, "|", 3)[1]
			for _, name := range regexp.MustCompile("`([a-z-]+)`").FindAllStringSubmatch(cell, -1) {
				rows = append(rows, name[1])
			}
		}
	}
	names := tokenclient.ClientPresetNames()
	if strings.Join(rows, ",") != strings.Join(names, ",") {
		t.Errorf("README preset table names %v, the presets are %v", rows, names)
	}
}
