package cli

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/store"
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

// With -p, --dry-run and --curl print the request the command would send
// and send nothing on every path: no cached token yet, a cached one, with
// --fresh, with a flag that overrides the profile, to another endpoint, and
// refresh -p; the history and the cached tokens stay as they were.
func TestProfileDryRunSendsNothing(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "tv")
	dir := c.env[envConfigDir]

	r := c.run("token", "-p", "tv", "--dry-run").want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "POST /identity/v3/token HTTP/1.1\n") || strings.Contains(r.stdout, fakeserver.DemoClientSecret) {
		t.Errorf("token -p --dry-run without a cached token printed:\n%s", r.stdout)
	}
	if got, want := dryRunHeaderNames(r.stdout), []string{"Host", "User-Agent", "Content-Length", "Accept", "Content-Type"}; !slices.Equal(got, want) {
		t.Errorf("headers printed in the order %v, want the wire order %v", got, want)
	}
	if n := srv.Server.RequestCount(); n != 0 {
		t.Fatalf("the server got %d requests from a dry run, want 0", n)
	}

	c.run("token", "-p", "tv").want(t, exitOK) // the one real request
	st, err := store.Open(store.Options{Dir: dir, SecretStore: store.SecretFile, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	secBefore, _ := st.Secrets("tv")
	histBefore, _ := st.History(store.HistoryQuery{Profile: "tv"})
	if secBefore.RefreshToken == "" || len(histBefore) != 1 {
		t.Fatalf("after one token: refresh token %v, %d history rows", secBefore.RefreshToken != "", len(histBefore))
	}

	for _, tc := range []struct {
		args       []string
		wantStdout string // a prefix; "" = nothing on stdout
		wantStderr string
	}{
		{[]string{"token", "-p", "tv", "--dry-run"}, "", "send nothing"},
		{[]string{"token", "-p", "tv", "--curl"}, "", "send nothing"},
		{[]string{"token", "-p", "tv", "--dry-run", "--fresh"}, "POST /identity/v3/token HTTP/1.1\n", ""},
		{[]string{"token", "-p", "tv", "--curl", "--fresh"}, "curl ", ""},
		{[]string{"token", "-p", "tv", "--dry-run", "--network-type", "cellular"}, "POST /identity/v3/token HTTP/1.1\n", ""},
		{[]string{"token", "-p", "tv", "--dry-run", "--endpoint", "http://127.0.0.1:9"}, "POST /identity/v3/token HTTP/1.1\nHost: 127.0.0.1:9\n", ""},
		{[]string{"refresh", "-p", "tv", "--dry-run"}, "POST /identity/v3/token/refresh HTTP/1.1\n", ""},
		{[]string{"refresh", "-p", "tv", "--curl"}, "curl ", ""},
		{[]string{"refresh", "-p", "tv", "--dry-run", "--endpoint", "http://127.0.0.1:9"}, "POST /identity/v3/token/refresh HTTP/1.1\nHost: 127.0.0.1:9\n", ""},
	} {
		r := c.run(tc.args...).want(t, exitOK)
		if tc.wantStdout == "" && r.stdout != "" || !strings.HasPrefix(r.stdout, tc.wantStdout) || !strings.Contains(r.stderr, tc.wantStderr) {
			t.Errorf("%v: stdout\n%s\nstderr\n%s", tc.args, r.stdout, r.stderr)
		}
		for _, secret := range []string{fakeserver.DemoClientSecret, secBefore.RefreshToken, secBefore.AccessToken} {
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("%v printed a secret without --reveal", tc.args)
			}
		}
		if n := srv.Server.RequestCount(); n != 1 {
			t.Fatalf("%v: the server got %d requests, want the 1 real one", tc.args, n)
		}
	}
	// --reveal shows the refresh token that would be sent, still sending nothing.
	r = c.run("refresh", "-p", "tv", "--dry-run", "--reveal").want(t, exitOK)
	if !strings.Contains(r.stdout, `"refreshToken":"`+secBefore.RefreshToken+`"`) {
		t.Error("refresh -p --dry-run --reveal does not show the refresh token it would send")
	}
	secAfter, _ := st.Secrets("tv")
	histAfter, _ := st.History(store.HistoryQuery{Profile: "tv"})
	if secAfter != secBefore || len(histAfter) != 1 || srv.Server.RequestCount() != 1 {
		t.Errorf("a dry run changed the store: tokens changed %v, %d history rows, %d requests",
			secAfter != secBefore, len(histAfter), srv.Server.RequestCount())
	}
}

// dryRunHeaderNames are the header names of a --dry-run print, in order.
func dryRunHeaderNames(text string) []string {
	head, _, _ := strings.Cut(text, "\n\n")
	var names []string
	for _, l := range strings.Split(head, "\n")[1:] {
		name, _, _ := strings.Cut(l, ":")
		names = append(names, name)
	}
	return names
}
