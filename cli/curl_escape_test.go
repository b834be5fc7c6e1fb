package cli

import (
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestCurlWarnsWhenASecretNeedsEscaping: a redacted --curl inserts
// "$AUTHDECK_CLIENT_SECRET" into the body as it is, so a secret the body
// encoding escapes makes it send something else; authdeck says so, and
// names --reveal. A plain secret, and --reveal, get no warning.
func TestCurlWarnsWhenASecretNeedsEscaping(t *testing.T) {
	t.Parallel()
	c := demoCLI(t)
	base := []string{"token", "--curl", "--endpoint", "http://127.0.0.1:9", "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi"}
	for _, tc := range []struct {
		secret string
		extra  []string
		warn   bool
	}{
		{`p&ss+w"rd\x`, nil, true},              // JSON: '"' and '\' are escaped
		{`p&ss+w=rd`, []string{"--form"}, true}, // form: '&', '+' and '=' are escaped
		{`plainSecret42`, nil, false},
		{`plainSecret42`, []string{"--form"}, false},
		{`p&ss+w"rd\x`, []string{"--reveal"}, false},
	} {
		r := c.with(envClientSecret, tc.secret).run(append(append([]string{}, base...), tc.extra...)...).want(t, exitOK)
		warned := strings.Contains(r.stderr, "$AUTHDECK_CLIENT_SECRET holds characters the body must escape") &&
			strings.Contains(r.stderr, "--curl --reveal")
		if warned != tc.warn {
			t.Errorf("secret %q %v: warned %v, want %v\nstderr: %s", tc.secret, tc.extra, warned, tc.warn, r.stderr)
		}
		if !strings.Contains(r.stdout, "curl -sS") {
			t.Errorf("no curl command printed:\n%s", r.stdout)
		}
	}
}
