package cli

import (
	"strings"
	"testing"
)

// TestImportCurlNeverEchoesAWordAndRefusesBrokenText: the stray secret of a
// mangled paste is named by its position, text that is not UTF-8 is
// refused, and nothing is saved either way.
func TestImportCurlNeverEchoesAWordAndRefusesBrokenText(t *testing.T) {
	c := newCLI(t)
	const sec = "S3CR3T-stray-value"
	const u = "https://api.nfl.com/identity/v3/token"
	for line, want := range map[string]string{
		"curl " + u + " " + sec + " -H 'content-type: application/json' --data-raw '{\"clientKey\":\"k\"}'": "words 2 and 3",
		"curl " + u + " -H 'Authorization Bearer " + sec + "' --data-raw '{\"clientKey\":\"k\"}'":           "word 4 (the value of -H)",
		"curl " + u + " --data-raw $'{\"clientKey\":\"k\",\"clientSecret\":\"" + sec + "\\xff\"}'":          "not valid UTF-8",
		"curl " + u + " --data-raw '{\"clientKey\":\"k\",\"clientSecret\":\"" + sec + "\\udc00\"}'":         "no character",
	} {
		r := c.runStdin(line, "profiles", "import-curl", "web").want(t, exitBadArgs)
		if !strings.Contains(r.stderr, want) || strings.Contains(r.stderr+r.stdout, sec) {
			t.Errorf("%s:\nstderr: %s", line, r.stderr)
		}
	}
	if r := c.run("profiles", "list", "-o", "json").want(t, exitOK); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("something was saved:\n%s", r.stdout)
	}
}
