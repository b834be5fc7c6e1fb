package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/tokens"
)

// closedEndpoint is a loopback URL where nothing listens.
func closedEndpoint(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// checkFixture is a store of profiles against one fake server, each with
// its own client key and a secret that must never be printed.
type checkFixture struct {
	c       *cli
	srv     *fakeserver.Running
	secrets []string
	kinds   map[string]tokens.CheckKind // profile → expected result
}

// profileSpec is one profile of a fixture.
type profileSpec struct {
	name     string
	endpoint string // "" = the fake server
	key      string
	secret   string
	want     tokens.CheckKind
}

// newCheckFixture saves specs in a fresh store; clients lists the keys the
// fake server knows (key → secret).
func newCheckFixture(t testing.TB, clients map[string]string, specs []profileSpec, cfg fakeserver.Config) *checkFixture {
	t.Helper()
	cfg.Clients = clients
	f := &checkFixture{c: newCLI(t), srv: fakeservertest.New(t, cfg), kinds: map[string]tokens.CheckKind{}}
	st, err := store.Open(store.Options{Dir: f.c.env[envConfigDir], SecretStore: store.SecretFile, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, s := range specs {
		ep := s.endpoint
		if ep == "" {
			ep = f.srv.URL
		}
		p := store.Profile{Name: s.name, Endpoint: ep, ClientKey: s.key, DeviceID: testDeviceID,
			DeviceInfo: device.Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}, NetworkType: device.NetworkWifi}
		if err := st.Save(p, &store.Secrets{ClientSecret: s.secret}, store.SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		f.secrets = append(f.secrets, s.secret)
		f.kinds[s.name] = s.want
	}
	for _, s := range clients {
		f.secrets = append(f.secrets, s)
	}
	return f
}

// noSecrets fails if any fixture secret shows in r's output.
func (f *checkFixture) noSecrets(t testing.TB, r cliResult) {
	t.Helper()
	for _, s := range f.secrets {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Fatalf("secret %q printed:\nstdout:\n%s\nstderr:\n%s", s, r.stdout, r.stderr)
		}
	}
}

// mixedSpecs is n profiles, a quarter each good, wrong secret, rate
// limited and unreachable, and the fake server's clients for them.
func mixedSpecs(t testing.TB, n int) (map[string]string, []profileSpec, []string) {
	clients := map[string]string{}
	down := closedEndpoint(t)
	var specs []profileSpec
	var limited []string
	for i := range n {
		key := fmt.Sprintf("client-%03d-aaaaaaaaaaaaaaaaaaaa", i)
		secret := fmt.Sprintf("SECRET-%03d-%x", i, i*7919+104729)
		clients[key] = secret
		s := profileSpec{name: fmt.Sprintf("app-%03d", i), key: key, secret: secret}
		switch i % 4 {
		case 0:
			s.want = tokens.CheckOK
		case 1:
			s.secret, s.want = fmt.Sprintf("WRONG-SECRET-%03d", i), tokens.CheckUnauthorized
		case 2:
			s.want = tokens.CheckRateLimited
			limited = append(limited, key)
		case 3:
			s.endpoint, s.want = down, tokens.CheckRefused
		}
		specs = append(specs, s)
	}
	return clients, specs, limited
}

func TestCheckFiftyMixed(t *testing.T) {
	clients, specs, limited := mixedSpecs(t, 50)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	for _, k := range limited {
		f.srv.Server.LimitClient(k, -1, time.Minute) // longer than --max-wait: reported, not waited
	}

	r := f.c.run("check", "--all").want(t, exitFailed)
	f.noSecrets(t, r)
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 52 || !strings.HasPrefix(lines[0], "PROFILE") {
		t.Fatalf("want a header, 50 rows and a summary, got %d lines:\n%s", len(lines), r.stdout)
	}
	labels := map[tokens.CheckKind]string{
		tokens.CheckOK: "ok", tokens.CheckUnauthorized: "401 wrong key or secret",
		tokens.CheckRateLimited: "429 rate limited (retry in 1m)", tokens.CheckRefused: "connection refused",
	}
	for i, line := range lines[1:51] {
		name := specs[i].name
		if !strings.HasPrefix(line, name+" ") {
			t.Fatalf("row %d is %q, want profile %s (rows in profile order)", i, line, name)
		}
		rest := strings.TrimSpace(strings.TrimPrefix(line, name))
		if want := labels[f.kinds[name]]; !strings.HasPrefix(rest, want+" ") {
			t.Errorf("%s: row %q, want result %q", name, line, want)
		}
		if f.kinds[name] == tokens.CheckOK && !strings.Contains(line, "file") {
			t.Errorf("%s: row %q does not name the secret store", name, line)
		}
	}
	if got := lines[51]; got != "13 of 50 passed, 37 failed" {
		t.Errorf("summary %q", got)
	}
	// One request per profile that can be reached (13 good, 13 wrong
	// secret, 12 rate limited): a rate-limited client is asked once, never
	// hammered.
	if n := f.srv.Server.RequestCount(); n != 38 {
		t.Errorf("%d requests reached the server, want 38", n)
	}

	// JSON: the same verdicts, for scripts.
	r = f.c.run("check", "--all", "--fresh", "-o", "json", "--concurrency", "8").want(t, exitFailed)
	f.noSecrets(t, r)
	var rep checkReportJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Passed != 13 || rep.Failed != 37 || len(rep.Profiles) != 50 {
		t.Fatalf("passed %d failed %d profiles %d", rep.Passed, rep.Failed, len(rep.Profiles))
	}
	for _, p := range rep.Profiles {
		if tokens.CheckKind(p.Result) != f.kinds[p.Profile] {
			t.Errorf("%s: result %s (%s), want %s", p.Profile, p.Result, p.Error, f.kinds[p.Profile])
		}
		if p.Result == string(tokens.CheckRateLimited) && p.Requests != 1 {
			t.Errorf("%s: %d requests, want 1", p.Profile, p.Requests)
		}
	}
	if len(rep.ClockSkew) != 1 || rep.ClockSkew[0].Warning != "" {
		t.Errorf("clock skew %+v, want one endpoint without a warning", rep.ClockSkew)
	}

	// Each check is a history entry: two runs, one request each for the
	// profiles that reached the server (the first run's good tokens were
	// not cached on the second because of --fresh).
	r = f.c.run("history", "app-000", "-o", "json").want(t, exitOK)
	var hist []historyEntryJSON
	if err := json.Unmarshal([]byte(r.stdout), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 {
		t.Errorf("app-000 has %d history entries, want 2", len(hist))
	}
}

func TestCheckCachedAndSelection(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 8)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})

	// Only good ones: exit 0; the second run uses the cache (no request).
	r := f.c.run("check", "app-000", "app-004").want(t, exitOK)
	f.noSecrets(t, r)
	if !strings.Contains(r.stdout, "2 of 2 passed") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	before := f.srv.Server.RequestCount()
	r = f.c.run("check", "--match", "app-00[04]").want(t, exitOK)
	if strings.Count(r.stdout, "ok (cached)") != 2 || f.srv.Server.RequestCount() != before {
		t.Errorf("second check made %d requests:\n%s", f.srv.Server.RequestCount()-before, r.stdout)
	}
	r = f.c.run("check", "--match", "app-00[04]", "--fresh").want(t, exitOK)
	if f.srv.Server.RequestCount() != before+2 {
		t.Errorf("--fresh made %d requests, want 2", f.srv.Server.RequestCount()-before)
	}

	// Bad input: exit 2, nothing sent.
	before = f.srv.Server.RequestCount()
	for _, args := range [][]string{
		{"check"},                     // no selection
		{"check", "nope"},             // unknown profile
		{"check", "app-000", "nope"},  // one unknown
		{"check", "--match", "[a-"},   // bad pattern
		{"check", "--match", "zzz*"},  // matches nothing
		{"check", "--all", "app-000"}, // --all with names
		{"check", "--all", "--concurrency", "0"},
		{"check", "--all", "-o", "yaml"},
	} {
		r := f.c.run(args...)
		if r.code != exitBadArgs {
			t.Errorf("%q: exit %d, want 2\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	if f.srv.Server.RequestCount() != before {
		t.Errorf("bad input sent %d requests", f.srv.Server.RequestCount()-before)
	}
}

func TestCheckWaitsOutShortRetryAfter(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	f.srv.Server.LimitClient(specs[0].key, 1, time.Second)
	r := f.c.run("check", "app-000", "-o", "json").want(t, exitOK)
	var rep checkReportJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if p := rep.Profiles[0]; !p.OK || p.Requests != 2 || p.WaitedMS <= 0 {
		t.Errorf("%+v, want ok after one wait and two requests", p)
	}
	// --max-wait 0 never waits: reported as rate limited after one request.
	f.srv.Server.LimitClient(specs[0].key, 1, time.Second)
	r = f.c.run("check", "app-000", "--fresh", "--max-wait", "0").want(t, exitFailed)
	if !strings.Contains(r.stdout, "429 rate limited (retry in 1s)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestCheckAndTokenReportClockSkew(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	// The server is ahead: our clock is behind, so tokens (whose expiry is
	// an absolute server time) look valid after they expired.
	f.srv.Server.SetClockOffset(5*time.Minute + 12*time.Second)
	r := f.c.run("check", "app-000").want(t, exitOK)
	if !strings.Contains(r.stderr, "your clock is 5m 12s behind 127.0.0.1") || !strings.Contains(r.stderr, "valid after they expired") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	r = f.c.run("token", "-p", "app-000", "--fresh").want(t, exitOK)
	if !strings.Contains(r.stderr, "your clock is 5m 12s behind") || !strings.Contains(r.stderr, "valid after they expired") ||
		strings.Contains(r.stderr, "expired early") {
		t.Errorf("token stderr:\n%s", r.stderr)
	}
	// The server is 10 minutes behind: our clock is ahead, so tokens look
	// expired early; said the same by token without a profile.
	f.srv.Server.SetClockOffset(-10 * time.Minute)
	r = f.c.run("token", "--endpoint", f.srv.URL, "--client-key", specs[0].key, "--client-secret", specs[0].secret,
		"--device-id", "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d").want(t, exitOK)
	if !strings.Contains(r.stderr, "your clock is 10m ahead of 127.0.0.1") || !strings.Contains(r.stderr, "expired early") ||
		strings.Contains(r.stderr, "valid after") {
		t.Errorf("token stderr, server behind:\n%s", r.stderr)
	}
	f.srv.Server.SetClockOffset(-2 * time.Minute)
	r = f.c.run("check", "app-000", "--fresh", "-o", "json").want(t, exitOK)
	var rep checkReportJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.ClockSkew) != 1 || !strings.Contains(rep.ClockSkew[0].Warning, "2m ahead of") || !strings.Contains(rep.ClockSkew[0].Warning, "expired early") {
		t.Errorf("clock skew %+v", rep.ClockSkew)
	}
	// Within 30 s: nothing said.
	f.srv.Server.SetClockOffset(0)
	r = f.c.run("token", "-p", "app-000", "--fresh").want(t, exitOK)
	if strings.Contains(r.stderr, "clock") {
		t.Errorf("token stderr without skew:\n%s", r.stderr)
	}
}

func TestCheckLiveDisplay(t *testing.T) {
	var b strings.Builder
	l := newCheckLive(&b, []string{"a", "b\x1b[31m"}, 0)
	l.add(tokens.CheckResult{Profile: "b\x1b[31m", Kind: tokens.CheckUnauthorized, SecretStore: store.SecretFile})
	l.add(tokens.CheckResult{Profile: "a", Kind: tokens.CheckOK, SecretStore: store.SecretKeyring})
	l.finish()
	out := b.String()
	if strings.Count(out, "\x1b[31m") != 0 {
		t.Errorf("an escape from a name reached the terminal: %q", out)
	}
	for _, want := range []string{"PROFILE", "401 wrong key or secret", "] 1/2  1 failed", "] 2/2  1 failed", "keyring"} {
		if !strings.Contains(out, want) {
			t.Errorf("live output lacks %q:\n%q", want, out)
		}
	}
}
