package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestTokenOutputs(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)

	tok := strings.TrimSuffix(c.run(append([]string{"token"}, tokenArgs(srv)...)...).want(t, exitOK).stdout, "\n")
	if strings.Contains(tok, "\n") || tok == "" {
		t.Fatalf("--output token printed %q, want one line", tok)
	}
	claims, err := srv.Server.ParseAccessToken(tok)
	if err != nil {
		t.Fatalf("printed token does not verify: %v", err)
	}
	if claims.DeviceID != testDeviceID {
		t.Errorf("token deviceId = %q, want the device id", claims.DeviceID)
	}

	t.Run("json", func(t *testing.T) {
		out := c.run(append([]string{"token", "--output", "json"}, tokenArgs(srv)...)...).want(t, exitOK).stdout
		var body map[string]any
		if err := json.Unmarshal([]byte(out), &body); err != nil {
			t.Fatalf("--output json is not JSON: %v\n%s", err, out)
		}
		for _, k := range []string{"accessToken", "expiresIn", "refreshToken"} {
			if _, ok := body[k]; !ok {
				t.Errorf("--output json has no %q: %s", k, out)
			}
		}
	})
	t.Run("header", func(t *testing.T) {
		out := c.run(append([]string{"token", "-o", "header"}, tokenArgs(srv)...)...).want(t, exitOK).stdout
		rest, ok := strings.CutPrefix(out, "Authorization: Bearer ")
		if !ok || !strings.HasSuffix(rest, "\n") || strings.Count(out, "\n") != 1 {
			t.Fatalf("--output header printed %q", out)
		}
		if _, err := srv.Server.ParseAccessToken(strings.TrimSpace(rest)); err != nil {
			t.Fatalf("header token does not verify: %v", err)
		}
	})
	t.Run("env", func(t *testing.T) {
		out := c.run(append([]string{"token", "--output", "env"}, tokenArgs(srv)...)...).want(t, exitOK).stdout
		script := out + `printf '%s\n%s\n%s' "$AUTHDECK_ACCESS_TOKEN" "$AUTHDECK_REFRESH_TOKEN" "$AUTHDECK_TOKEN_EXPIRES_AT"`
		got, err := exec.Command("sh", "-c", script).Output()
		if err != nil {
			t.Fatalf("sh could not evaluate --output env: %v\n%s", err, out)
		}
		lines := strings.Split(string(got), "\n")
		if len(lines) != 3 || lines[1] == "" || lines[2] == "" {
			t.Fatalf("env exports gave %q", got)
		}
		if _, err := srv.Server.ParseAccessToken(lines[0]); err != nil {
			t.Fatalf("exported access token does not verify: %v", err)
		}
	})
}

func TestShellQuoteSurvivesTheShell(t *testing.T) {
	for _, s := range []string{"plain", "it's", `a"b`, "$HOME `x` \\ !", "", "'''"} {
		got, err := exec.Command("sh", "-c", "printf %s "+shellQuote(s)).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != s {
			t.Errorf("shellQuote(%q) came back from sh as %q", s, got)
		}
	}
}

func TestTokenSecretFromStdin(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	r := c.runStdin(fakeserver.DemoClientSecret+"\n", append([]string{"token", "--client-secret-stdin"}, tokenArgs(srv)...)...).want(t, exitOK)
	if r.stdout == "" {
		t.Fatal("no token printed")
	}
}

func TestTokenSecretFlagWarns(t *testing.T) {
	srv := demoServer(t)
	r := newCLI(t).run(append([]string{"token", "--client-secret", fakeserver.DemoClientSecret}, tokenArgs(srv)...)...).want(t, exitOK)
	if !strings.Contains(r.stderr, "process list") {
		t.Errorf("--client-secret gave no process-list warning; stderr:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, fakeserver.DemoClientSecret) {
		t.Errorf("stderr repeats the secret:\n%s", r.stderr)
	}
}

func TestTokenGeneratesAndDetects(t *testing.T) {
	srv := demoServer(t)
	r := demoCLI(t).run("token", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey).want(t, exitOK)
	if !strings.Contains(r.stderr, "generated") {
		t.Errorf("a generated device id was not said on stderr:\n%s", r.stderr)
	}
	claims, err := srv.Server.ParseAccessToken(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.stderr, claims.DeviceID) {
		t.Errorf("stderr does not name the generated device id %s:\n%s", claims.DeviceID, r.stderr)
	}
}

func TestTokenEndpointFromEnvironment(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t).with(envEndpoint, srv.URL)
	c.run("token", "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID).want(t, exitOK)
	if srv.Server.IssueCount() != 1 {
		t.Errorf("issued %d tokens at $%s, want 1", srv.Server.IssueCount(), envEndpoint)
	}
}

func TestTokenRefused(t *testing.T) {
	srv := demoServer(t)
	r := newCLI(t).with(envClientSecret, "wrong-secret").run(append([]string{"token"}, tokenArgs(srv)...)...).want(t, exitFailed)
	if !strings.Contains(r.stderr, "401") {
		t.Errorf("stderr does not give the status:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a refused request printed %q on stdout", r.stdout)
	}
	if strings.Contains(r.stderr, "wrong-secret") {
		t.Errorf("stderr shows the secret:\n%s", r.stderr)
	}
}

func TestTokenNetworkError(t *testing.T) {
	srv := demoServer(t)
	url := srv.URL
	srv.Close()
	r := demoCLI(t).run("token", "--endpoint", url, "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi", "--timeout", "5s").want(t, exitFailed)
	if !strings.Contains(r.stderr, "refused") && !strings.Contains(r.stderr, "connect") {
		t.Errorf("stderr does not explain the network error:\n%s", r.stderr)
	}
}

func TestBadInputSendsNothing(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	cases := []struct {
		name  string
		args  []string
		stdin string
		env   []string
		want  string
	}{
		{"device id", tokenArgs(srv, "--device-id", "not-a-uuid"), "", nil, "deviceId"},
		{"network type", tokenArgs(srv, "--network-type", "5g"), "", nil, "networkType"},
		{"device info", tokenArgs(srv, "--device-info", "%%%"), "", nil, "deviceInfo"},
		{"no secret", tokenArgs(srv), "", []string{envClientSecret, ""}, "clientSecret"},
		{"empty stdin", tokenArgs(srv, "--client-secret-stdin"), "", nil, "stdin"},
		{"two secrets", tokenArgs(srv, "--client-secret-stdin", "--client-secret", "x"), "x", nil, "--client-secret"},
		{"output", tokenArgs(srv, "--output", "yaml"), "", nil, "--output"},
		{"timeout", tokenArgs(srv, "--timeout", "0s"), "", nil, "--timeout"},
		{"timeout syntax", tokenArgs(srv, "--timeout", "soon"), "", nil, "--timeout"},
		{"endpoint scheme", tokenArgs(srv, "--endpoint", "ftp://example.com"), "", nil, "https://"},
		{"endpoint user", tokenArgs(srv, "--endpoint", "https://u:hunter2@example.com"), "", nil, "user info"},
		{"endpoint plain http", tokenArgs(srv, "--endpoint", "http://example.com"), "", nil, "loopback"},
		{"unknown flag", tokenArgs(srv, "--bogus"), "", nil, "unknown flag"},
		{"positional", tokenArgs(srv, "extra"), "", nil, "no arguments"},
		{"fresh without profile", tokenArgs(srv, "--fresh"), "", nil, "--fresh"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.with(tc.env...).runStdin(tc.stdin, append([]string{"token"}, tc.args...)...).want(t, exitBadArgs)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr does not mention %q:\n%s", tc.want, r.stderr)
			}
			if strings.Contains(r.stderr, "hunter2") {
				t.Errorf("stderr shows the URL password:\n%s", r.stderr)
			}
		})
	}
	if n := srv.Server.RequestCount(); n != 0 {
		t.Fatalf("bad input sent %d requests, want 0", n)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"tokn"},
		{"--bogus"},
		{"device", "bogus"},
		{"device", "encode"},
		{"device", "decode", "a", "b"},
		{"profiles", "show"},
		{"profiles", "rename", "a"},
		{"profiles", "bogus"},
		{"fake-server", "--rate-limit", "many"},
		{"version", "extra"},
	} {
		r := c.run(args...)
		if r.code != exitBadArgs {
			t.Errorf("authdeck %s: exit %d, want 2\nstderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

func TestRefreshRotates(t *testing.T) {
	// Single-use refresh tokens are a --strict check of the fake server.
	srv := fakeservertest.New(t, fakeserver.Config{Strict: true})
	c := demoCLI(t)
	first := tokenBody(t, c.run(append([]string{"token", "-o", "json"}, tokenArgs(srv)...)...).want(t, exitOK).stdout)

	second := tokenBody(t, c.run(append([]string{"refresh", "-o", "json", "--refresh-token", first.RefreshToken}, tokenArgs(srv)...)...).want(t, exitOK).stdout)
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken {
		t.Fatalf("refresh token did not rotate: %q then %q", first.RefreshToken, second.RefreshToken)
	}
	if _, err := srv.Server.ParseAccessToken(second.AccessToken); err != nil {
		t.Fatalf("refreshed access token does not verify: %v", err)
	}

	// The spent refresh token is refused; the new one comes from the environment.
	r := c.run(append([]string{"refresh", "--refresh-token", first.RefreshToken}, tokenArgs(srv)...)...).want(t, exitFailed)
	if !strings.Contains(r.stderr, "401") {
		t.Errorf("reusing a spent refresh token: stderr lacks the status:\n%s", r.stderr)
	}
	c.with(envRefreshToken, second.RefreshToken).run(append([]string{"refresh"}, tokenArgs(srv)...)...).want(t, exitOK)

	before := srv.Server.RequestCount()
	r = c.run(append([]string{"refresh"}, tokenArgs(srv)...)...).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "--refresh-token") {
		t.Errorf("refresh without a refresh token does not say what is missing:\n%s", r.stderr)
	}
	if srv.Server.RequestCount() != before {
		t.Error("refresh without a refresh token sent a request")
	}
}

// tokenResponseJSON is the token response as printed by --output json.
type tokenResponseJSON struct {
	AccessToken  string `json:"accessToken"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
}

func tokenBody(t *testing.T, out string) tokenResponseJSON {
	t.Helper()
	var b tokenResponseJSON
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("not a token response: %v\n%s", err, out)
	}
	return b
}

// A cached token read back from a tampered store file gets the check a
// token from the server gets: `-o header` never prints a second header
// line; a new token replaces the tampered one.
func TestTamperedCachedTokenPrintsNoSecondHeader(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "tv")
	first := c.run("token", "-p", "tv", "-o", "header").want(t, exitOK).stdout
	tok := strings.TrimSpace(strings.TrimPrefix(first, "Authorization: Bearer "))
	if tok == "" || strings.Contains(tok, " ") {
		t.Fatalf("unexpected header output of %d bytes", len(first))
	}
	// The file store keeps the token in secrets.json or in a token file.
	files, _ := filepath.Glob(filepath.Join(c.env[envConfigDir], "tokens", "*.json"))
	var path string
	var data []byte
	for _, f := range append([]string{filepath.Join(c.env[envConfigDir], "secrets.json")}, files...) {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), tok) {
			path, data = f, b
		}
	}
	if path == "" {
		t.Fatal("no store file holds the token")
	}
	tampered := strings.Replace(string(data), tok, tok+`\r\nX-Injected: 1`, 1)
	if err := os.WriteFile(path, []byte(tampered), 0o600); err != nil {
		t.Fatal(err)
	}
	before := srv.Server.RequestCount()
	out := c.run("token", "-p", "tv", "-o", "header").want(t, exitOK).stdout
	if strings.Contains(out, "X-Injected") || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "Authorization: Bearer ") {
		t.Errorf("-o header printed %d lines, a second header: %v (the token is not shown here)",
			strings.Count(out, "\n"), strings.Contains(out, "X-Injected"))
	}
	if got := srv.Server.RequestCount(); got != before+1 {
		t.Errorf("%d requests for a new token, want 1", got-before)
	}
}
