package cli

import (
	"strings"
	"testing"
)

// A refused save says nothing about a device id it generated or a secret
// it took from the environment: those notes come only once the save
// committed.
func TestProfilesSaveNotesOnlyAfterCommit(t *testing.T) {
	c := demoCLI(t)
	r := c.run("profiles", "save", "p", "--endpoint", "http://127.0.0.1:9", "--client-key", "k", "--network-type", "carrier-pigeon").want(t, exitBadArgs)
	if strings.Contains(r.stderr, "generated device id") || strings.Contains(r.stderr, "taken from $") || !strings.Contains(r.stderr, "networkType") {
		t.Errorf("refused save:\n%s", r.stderr)
	}
	r = c.run("profiles", "save", "p", "--endpoint", "http://127.0.0.1:9", "--client-key", "k", "--network-type", "wifi").want(t, exitOK)
	if !strings.Contains(r.stderr, `generated device id `) || !strings.Contains(r.stderr, `for profile "p"`) || !strings.Contains(r.stderr, "taken from $"+envClientSecret) {
		t.Errorf("committed save:\n%s", r.stderr)
	}
}
