package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestVerboseMasksSecrets runs token -v and refresh -v against a server
// whose answer sets a cookie and repeats the tokens in a header: stderr
// shows the exchange HTTPie -v style with every secret masked.
func TestVerboseMasksSecrets(t *testing.T) {
	t.Parallel()
	const access, refresh = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "rt-SECRET-0f5452b5"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=COOKIE-SECRET; HttpOnly")
		w.Header().Set("X-Request-Id", "req-42\u202eX")
		w.Header().Set("X-Echo", "refresh "+refresh)
		w.Header().Set("Via", "1.1 varnish")
		_, _ = io.WriteString(w, `{"accessToken":"`+access+`","expiresIn":1795773600,"refreshToken":"`+refresh+`"}`)
	}))
	t.Cleanup(srv.Close)
	c := demoCLI(t)
	args := []string{"--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "wifi", "--header", "Authorization: Bearer AUTH-SECRET", "--header", "Cookie: c=COOKIE2-SECRET"}
	r := c.run(append([]string{"token", "-v"}, args...)...).want(t, exitOK)
	if strings.TrimSpace(r.stdout) != access {
		t.Errorf("stdout %q, want only the token", r.stdout)
	}
	for _, want := range []string{"POST /identity/v3/token HTTP/1.1\n", "Authorization: ••••••••\n", "Cookie: ••••••••\n",
		`"clientSecret":"••••`, "\n\nHTTP/1.1 200 OK\n", "Set-Cookie: ••••••••\n", "X-Request-Id: req-42X\n", "Via: 1.1 varnish\n",
		"X-Echo: refresh ••••••••\n", "(DNS ", "total "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("-v output lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, secret := range []string{fakeserver.DemoClientSecret, "AUTH-SECRET", "COOKIE-SECRET", "COOKIE2-SECRET", refresh, access, "\u202e"} {
		if strings.Contains(r.stderr, secret) {
			t.Errorf("-v output shows %q:\n%s", secret, r.stderr)
		}
	}
	r = c.with(envRefreshToken, refresh).run(append([]string{"refresh", "--verbose"}, args...)...).want(t, exitOK)
	if !strings.Contains(r.stderr, "POST /identity/v3/token/refresh HTTP/1.1\n") || strings.Contains(r.stderr, refresh) {
		t.Errorf("refresh --verbose:\n%s", r.stderr)
	}
	// Without -v nothing of the exchange is printed.
	if r := c.run(append([]string{"token"}, args...)...).want(t, exitOK); strings.Contains(r.stderr, "HTTP/1.1") {
		t.Errorf("token without -v printed the exchange:\n%s", r.stderr)
	}
}

// TestVerboseOnAFailedCall prints the refusal's status and headers.
func TestVerboseOnAFailedCall(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := newCLI(t).with(envClientSecret, "wrong-secret")
	r := c.run(append([]string{"token", "-v"}, tokenArgs(srv)...)...).want(t, exitFailed)
	if !strings.Contains(r.stderr, "HTTP/1.1 401 Unauthorized\n") || strings.Contains(r.stderr, "wrong-secret") {
		t.Errorf("-v on a 401:\n%s", r.stderr)
	}
}

// TestVerboseSaysWhenNothingWasSent: token -p -v answered from the cache
// says no request went out.
func TestVerboseSaysWhenNothingWasSent(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := demoCLI(t)
	c.run("profiles", "save", "demo", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	if r := c.run("token", "-p", "demo", "-v").want(t, exitOK); !strings.Contains(r.stderr, "HTTP/1.1 200 OK") {
		t.Errorf("first call -v:\n%s", r.stderr)
	}
	r := c.run("token", "-p", "demo", "-v").want(t, exitOK)
	if !strings.Contains(r.stderr, "no request was sent") || strings.Contains(r.stderr, "HTTP/1.1") {
		t.Errorf("cached -v:\n%s", r.stderr)
	}
}
