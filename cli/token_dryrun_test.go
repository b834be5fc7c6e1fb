package cli

import (
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func TestTokenDryRunPrintsTheRequestAndSendsNothing(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := demoCLI(t)

	r := c.run(append([]string{"token", "--dry-run"}, tokenArgs(srv)...)...).want(t, exitOK)
	for _, want := range []string{"POST /identity/v3/token HTTP/1.1", "Content-Type: application/json", `"clientKey":"` + fakeserver.DemoClientKey + `"`, `"deviceId":"` + testDeviceID + `"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--dry-run output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, fakeserver.DemoClientSecret) {
		t.Errorf("--dry-run shows the client secret without --reveal:\n%s", r.stdout)
	}

	r = c.run(append([]string{"token", "--curl"}, tokenArgs(srv)...)...).want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "curl ") || !strings.Contains(r.stdout, srv.URL+"/identity/v3/token") {
		t.Errorf("--curl output is not a curl command for the token endpoint:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, fakeserver.DemoClientSecret) {
		t.Errorf("--curl shows the client secret without --reveal:\n%s", r.stdout)
	}

	r = c.run(append([]string{"token", "--dry-run", "--reveal"}, tokenArgs(srv)...)...).want(t, exitOK)
	if !strings.Contains(r.stdout, fakeserver.DemoClientSecret) {
		t.Errorf("--dry-run --reveal hides the client secret:\n%s", r.stdout)
	}

	if n := srv.Server.RequestCount(); n != 0 {
		t.Errorf("the server got %d requests from --dry-run/--curl, want 0", n)
	}
}

func TestTokenDryRunFlagRules(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := demoCLI(t)
	c.run(append([]string{"token", "--dry-run", "--curl"}, tokenArgs(srv)...)...).want(t, exitBadArgs)
	c.run(append([]string{"token", "--reveal"}, tokenArgs(srv)...)...).want(t, exitBadArgs)
	// An invalid request is refused before anything is printed.
	r := c.run("token", "--dry-run", "--endpoint", srv.URL, "--client-key", "k", "--device-id", "not-a-uuid",
		"--device-info", testDeviceInfo, "--network-type", "wifi").want(t, exitBadArgs)
	if strings.Contains(r.stdout, "POST") {
		t.Errorf("an invalid request was printed:\n%s", r.stdout)
	}
	if n := srv.Server.RequestCount(); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
}

func TestRefreshWithoutDeviceIDSendsNothing(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	r := demoCLI(t).run("refresh", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey,
		"--refresh-token", "rt", "--device-info", testDeviceInfo, "--network-type", "wifi").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "--device-id") {
		t.Errorf("stderr %q does not name --device-id", r.stderr)
	}
	if n := srv.Server.RequestCount(); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
}
