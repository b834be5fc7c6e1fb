package cli

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeDryRunLinesRunAsWritten runs the README's `token --client-key
// KEY --dry-run` and `--curl` lines exactly, with no client secret given:
// they print the request (the secret masked, or read from the environment
// by curl) and say on stderr that no secret was given.
func TestReadmeDryRunLinesRunAsWritten(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	ran := 0
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "authdeck token --client-key KEY --") {
			continue
		}
		cmd, _, _ := strings.Cut(line, "#")
		args := strings.Fields(cmd)[1:]
		r := c.run(args...)
		ran++
		if r.code != exitOK || !strings.Contains(r.stderr, "no client secret given") {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", cmd, r.code, r.stdout, r.stderr)
			continue
		}
		want := `"clientSecret":"••••••••"`
		if strings.Contains(cmd, "--curl") {
			want = `"clientSecret":"'"$AUTHDECK_CLIENT_SECRET"'"`
		}
		if !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, missingSecretPlaceholder) {
			t.Errorf("%s: stdout lacks %s or shows the placeholder:\n%s", cmd, want, r.stdout)
		}
	}
	if ran != 2 {
		t.Errorf("ran %d README dry-run lines, want 2", ran)
	}
	// --reveal shows the secret as given: none. Other fields are still checked.
	r := c.run("token", "--client-key", "KEY", "--dry-run", "--reveal").want(t, exitOK)
	if !strings.Contains(r.stdout, `"clientSecret":""`) {
		t.Errorf("--reveal without a secret:\n%s", r.stdout)
	}
	r = c.run("token", "--client-key", "KEY", "--dry-run", "--device-id", "nope").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "deviceId") || strings.Contains(r.stderr, "clientSecret") {
		t.Errorf("bad device id in a dry run without a secret:\n%s", r.stderr)
	}
	// Sending still needs the secret.
	r = c.run("token", "--client-key", "KEY", "--endpoint", "http://127.0.0.1:9").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "clientSecret") {
		t.Errorf("a send without a secret:\n%s", r.stderr)
	}
}

// A profile saved without a client secret can be dry-run too.
func TestProfileDryRunWithoutSecret(t *testing.T) {
	c := newCLI(t)
	c.run("profiles", "save", "nosecret", "--endpoint", "http://127.0.0.1:9", "--client-key", "KEY",
		"--device-id", testDeviceID, "--network-type", "wifi").want(t, exitOK)
	r := c.run("token", "-p", "nosecret", "--dry-run").want(t, exitOK)
	if !strings.Contains(r.stdout, `"clientSecret":"••••••••"`) || !strings.Contains(r.stderr, "no client secret given") {
		t.Errorf("token -p --dry-run without a secret:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}
