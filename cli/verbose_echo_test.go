package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestVerboseMasksEchoedSecrets: a server that echoes the client secret in
// a header of its own, and an extra request header whose value is the
// secret, show the secret nowhere in -v output, for token and refresh with
// a profile and with flags.
func TestVerboseMasksEchoedSecrets(t *testing.T) {
	t.Parallel()
	const secret = fakeserver.DemoClientSecret
	const access, refresh = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlY2hvIn0.c2ln", "rt-echo-7c1d0e55aa"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo-Secret", secret)
		w.Header().Set("X-Echo-Extra", r.Header.Get("X-A"))
		_, _ = io.WriteString(w, `{"accessToken":"`+access+`","expiresIn":1795773600,"refreshToken":"`+refresh+`"}`)
	}))
	t.Cleanup(srv.Close)
	c := demoCLI(t)
	flags := []string{"--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "wifi"}
	c.run(append([]string{"profiles", "save", "e"}, flags...)...).want(t, exitOK)
	runs := []cliResult{
		c.run("token", "-p", "e", "-v").want(t, exitOK),
		c.run("refresh", "-p", "e", "-v").want(t, exitOK),
		newCLI(t).runStdin(secret, append([]string{"token", "-v", "--client-secret-stdin", "--header", "X-A: " + secret}, flags...)...).want(t, exitOK),
	}
	for i, r := range runs {
		if !strings.Contains(r.stderr, "X-Echo-Secret: ") {
			t.Errorf("run %d: -v output lacks the echo header:\n%s", i, r.stderr)
		}
		if strings.Contains(r.stderr, secret) {
			t.Errorf("run %d: -v output shows the client secret:\n%s", i, r.stderr)
		}
	}
	if readme, err := os.ReadFile("../README.md"); err != nil || !strings.Contains(string(readme), "wherever a request\nor response header or the body repeats them") {
		t.Errorf("the README does not say -v masks echoed secrets (%v)", err)
	}
	if r := runs[2]; !strings.Contains(r.stderr, "X-A: ••••••••\n") || !strings.Contains(r.stderr, "X-Echo-Extra: ••••••••\n") {
		t.Errorf("extra header not masked:\n%s", r.stderr)
	}
}
