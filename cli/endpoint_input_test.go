package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// TestTrailingDotLocalhostIsNotLoopback: "localhost." goes to DNS, so plain
// http to it needs --allow-insecure-http like any other name; nothing is
// sent and nothing saved without it.
func TestTrailingDotLocalhostIsNotLoopback(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	port := rec.URL[strings.LastIndex(rec.URL, ":")+1:]
	c := demoCLI(t)
	for _, endpoint := range []string{"http://localhost.:" + port, "http://x.localhost:" + port} {
		args := []string{"token", "--endpoint", endpoint, "--client-key", fakeserver.DemoClientKey,
			"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi"}
		r := c.run(args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "--allow-insecure-http") {
			t.Errorf("%s: stderr:\n%s", endpoint, r.stderr)
		}
		r = c.run("profiles", "save", "p", "--endpoint", endpoint, "--client-key", "k").want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "not loopback") {
			t.Errorf("profiles save %s: stderr:\n%s", endpoint, r.stderr)
		}
	}
	if n := len(rec.All()); n != 0 {
		t.Fatalf("%d request(s) reached the server", n)
	}
	c.run("profiles", "list").want(t, exitOK)
	if r := c.run("profiles", "show", "p"); r.code == exitOK {
		t.Errorf("a refused profile was saved:\n%s", r.stdout)
	}
	// Exactly localhost is loopback.
	c.run(append([]string{"token", "--endpoint", "http://localhost:" + port}, tokenArgs(&fakeserver.Running{URL: rec.URL})[2:]...)...).want(t, exitOK)
}

// TestPortsOutOfRangeAreRefusedWhenSaved: a port must be 1 to 65535 in
// profiles save and import-curl, not only when sending.
func TestPortsOutOfRangeAreRefusedWhenSaved(t *testing.T) {
	c := demoCLI(t)
	for _, port := range []string{"0", "65536", "99999"} {
		endpoint := "https://api.example.com:" + port
		r := c.run("profiles", "save", "p", "--endpoint", endpoint, "--client-key", "k").want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "has port "+port+": a port is a number from 1 to 65535") {
			t.Errorf("save, port %s: stderr:\n%s", port, r.stderr)
		}
		line := "curl '" + endpoint + "/identity/v3/token' -H 'content-type: application/json' --data-raw '{\"clientKey\":\"k\"}'"
		r = c.runStdin(line, "profiles", "import-curl", "q").want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "port "+port) || !strings.Contains(r.stderr, "1 to 65535") {
			t.Errorf("import-curl, port %s: stderr:\n%s", port, r.stderr)
		}
	}
	if r := c.run("profiles", "list", "-o", "json").want(t, exitOK); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("something was saved:\n%s", r.stdout)
	}
}

// TestAWholeTokenURLAsEndpointIsRefusedNamingTheBase: authdeck adds the
// token path itself, so a full token URL would become
// /identity/v3/token/identity/v3/token; it is refused with the base URL to
// use, before anything is sent or saved.
func TestAWholeTokenURLAsEndpointIsRefusedNamingTheBase(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := demoCLI(t)
	full := rec.URL + "/identity/v3/token"
	r := c.run(append([]string{"token", "--endpoint", full}, tokenArgs(&fakeserver.Running{URL: rec.URL})[2:]...)...).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "use the base URL "+rec.URL) {
		t.Errorf("token: stderr:\n%s", r.stderr)
	}
	r = c.with(envEndpoint, full).run(append([]string{"token"}, tokenArgs(&fakeserver.Running{URL: rec.URL})[2:]...)...).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "use the base URL "+rec.URL) {
		t.Errorf("token with $%s: stderr:\n%s", envEndpoint, r.stderr)
	}
	r = c.run("profiles", "save", "p", "--endpoint", "https://api.nfl.com/identity/v3/token", "--client-key", "k").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "save the base URL https://api.nfl.com instead") {
		t.Errorf("profiles save: stderr:\n%s", r.stderr)
	}
	if n := len(rec.All()); n != 0 {
		t.Fatalf("%d request(s) reached the server", n)
	}
}

// TestEndpointWithQueryRefused: a query on the base URL would land before
// the token path (POST /?x=1/identity/v3/token); it is refused for token,
// refresh and activate, naming the base URL without it, and nothing is
// sent.
func TestEndpointWithQueryRefused(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := demoCLI(t).with(envRefreshToken, "rt-0123456789abcdef")
	for _, endpoint := range []string{rec.URL + "/?x=1", rec.URL + "?", rec.URL + "/base?a=b"} {
		for _, cmd := range []string{"token", "refresh", "activate"} {
			r := c.run(cmd, "--endpoint", endpoint, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
				"--device-info", testDeviceInfo, "--network-type", "wifi").want(t, exitBadArgs)
			base := endpoint[:strings.Index(endpoint, "?")]
			if !strings.Contains(r.stderr, "has a query") || !strings.Contains(r.stderr, "use the base URL \""+base+"\"") {
				t.Errorf("%s --endpoint %s: stderr:\n%s", cmd, endpoint, r.stderr)
			}
		}
	}
	if n := len(rec.All()); n != 0 {
		t.Fatalf("%d request(s) reached the server", n)
	}
	if readme, err := os.ReadFile("../README.md"); err != nil || !strings.Contains(string(readme), "and a URL with a\nquery (`?x=1`) are refused") {
		t.Errorf("the README does not say a query is refused (%v)", err)
	}
}
