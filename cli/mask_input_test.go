package cli

import (
	"strings"
	"testing"
)

// TestShortSecretsAndKeysInWhatTheCLIPrints: with the client secret "s" a
// refused connection still reads "connection refused" in the error and in
// the history, and a short client key is shown in profiles list (a client
// key is not a secret).
func TestShortSecretsAndKeysInWhatTheCLIPrints(t *testing.T) {
	c := newCLI(t)
	down := closedEndpoint(t)
	c.runStdin("s", "profiles", "save", "p", "--endpoint", down, "--client-key", "short-key", "--client-secret-stdin",
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	r := c.run("token", "-p", "p").want(t, exitFailed)
	if !strings.Contains(r.stderr, "connection refused") || strings.Contains(r.stderr, "••") {
		t.Errorf("token stderr:\n%s", r.stderr)
	}
	if r := c.run("history", "p").want(t, exitOK); !strings.Contains(r.stdout, "connection refused") || strings.Contains(r.stdout, "••") {
		t.Errorf("history:\n%s", r.stdout)
	}
	if r := c.run("profiles", "list").want(t, exitOK); !strings.Contains(r.stdout, "short-key") || strings.Contains(r.stdout, "••") {
		t.Errorf("list:\n%s", r.stdout)
	}
}
