package cli

import (
	"strings"
	"testing"
)

// A secret typed into another field is masked in the validation message,
// for token (flags), refresh, activate and profiles save, and the message
// still names the field.
func TestValidationMessagesMaskTheSecret(t *testing.T) {
	t.Parallel()
	const secret = "LeakySecret987"
	c := newCLI(t).with(envClientSecret, secret, envRefreshToken, "rt-0123456789abcdef")
	bad := []string{"--endpoint", "http://127.0.0.1:18765", "--client-key", "K", "--device-id", secret, "--network-type", secret}
	for _, args := range [][]string{
		append([]string{"token"}, bad...),
		append([]string{"refresh"}, bad...),
		append([]string{"activate"}, bad...),
		append([]string{"profiles", "save", "leaky"}, bad...),
	} {
		r := c.run(args...)
		if r.code != exitBadArgs || strings.Contains(r.stderr, secret) || !strings.Contains(r.stderr, "deviceId") {
			t.Errorf("%s: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
	// The refresh token typed into deviceId is masked too.
	r := c.run("refresh", "--endpoint", "http://127.0.0.1:18765", "--client-key", "K", "--device-id", "rt-0123456789abcdef", "--network-type", "wifi")
	if r.code != exitBadArgs || strings.Contains(r.stderr, "rt-0123456789abcdef") {
		t.Errorf("refresh: exit %d, stderr %q", r.code, r.stderr)
	}
}

// import-curl: a curl command whose deviceId and networkType repeat its
// clientSecret is refused without quoting the secret.
func TestImportCurlValidationMasksTheSecret(t *testing.T) {
	t.Parallel()
	const secret = "LeakySecret987"
	line := "curl https://api.nfl.com/identity/v3/token -H 'content-type: application/json' --data-raw '" +
		`{"clientKey":"k","clientSecret":"` + secret + `","deviceId":"` + secret + `","networkType":"` + secret + `"}'`
	r := newCLI(t).runStdin(line, "profiles", "import-curl", "leaky").want(t, exitBadArgs)
	if strings.Contains(r.stderr+r.stdout, secret) || !strings.Contains(r.stderr, "deviceId") {
		t.Errorf("stderr: %s", r.stderr)
	}
}
