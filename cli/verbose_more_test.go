package cli

import (
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestCheckVerbosePrintsEachExchangeMasked: check -v prints every request
// and response on stderr with the secrets masked, and the table on stdout.
func TestCheckVerbosePrintsEachExchangeMasked(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 4)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	r := f.c.run("check", "--all", "--fresh", "-v").want(t, exitFailed)
	f.noSecrets(t, r)
	if n := strings.Count(r.stderr, "POST /identity/v3/token"); n < len(specs) {
		t.Errorf("-v printed %d requests for %d profiles:\n%s", n, len(specs), r.stderr)
	}
	if !strings.Contains(r.stderr, `"clientSecret":"••••`) || !strings.Contains(r.stderr, "HTTP/1.1 200 OK") {
		t.Errorf("-v output lacks the masked secret or a status line:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "PROFILE") {
		t.Errorf("the table is missing from stdout:\n%s", r.stdout)
	}
	// Without -v nothing of the exchanges is printed.
	if r := f.c.run("check", "--all", "--fresh").want(t, exitFailed); strings.Contains(r.stderr, "HTTP/1.1") {
		t.Errorf("check without -v printed an exchange:\n%s", r.stderr)
	}
}

// TestActivateVerbosePrintsEachCallMasked: activate -v prints the token,
// regcode, announce and poll exchanges with the Bearer token masked.
func TestActivateVerbosePrintsEachCallMasked(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	r := runActivate(t, c, func(ev map[string]any) bool {
		approveByPage(t, ev, "plus")
		return false
	}, append(tokenArgs(srv), "--poll", "20ms", "-v")...)
	if r.code != exitOK || len(r.events) != 2 {
		t.Fatalf("exit %d, events %v\nstderr:\n%s", r.code, r.events, r.stderr)
	}
	for _, want := range []string{"POST /identity/v3/token HTTP/1.1", "GET /utilities/v1/regcode HTTP/1.1",
		"PUT /keystore/v1/mvpd/", "GET /keystore/v1/mvpd/", "POST /identity/v3/token/refresh HTTP/1.1", "Authorization: ••••••••"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("activate -v lacks %q:\n%s", want, r.stderr)
		}
	}
	act := r.events[1]
	for _, secret := range []string{fakeserver.DemoClientSecret, act["accessToken"].(string), act["refreshToken"].(string)} {
		if strings.Contains(r.stderr, secret) {
			t.Errorf("activate -v shows a secret %.12q…", secret)
		}
	}
}
