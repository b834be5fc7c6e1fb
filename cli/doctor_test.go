package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// doctorReport runs doctor -o json and decodes it.
func doctorReport(t *testing.T, c *cli, code int) (map[string]doctorCheck, cliResult) {
	t.Helper()
	r := c.run("doctor", "-o", "json", "--timeout", "10s").want(t, code)
	var rep struct {
		OK     bool          `json:"ok"`
		Checks []doctorCheck `json:"checks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.OK != (code == exitOK) {
		t.Errorf("ok %v with exit %d", rep.OK, code)
	}
	m := map[string]doctorCheck{}
	for _, c := range rep.Checks {
		m[c.Check] = c
	}
	return m, r
}

func TestDoctorReachableAndUnreachable(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 4) // app-003 points at a closed port
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	host := strings.TrimPrefix(f.srv.URL, "http://")

	checks, r := doctorReport(t, f.c, exitFailed)
	f.noSecrets(t, r)
	if c := checks["endpoint "+host]; c.Status != doctorOK || !strings.Contains(c.Detail, "connect") || !strings.Contains(c.Detail, "3 profiles") {
		t.Errorf("reachable endpoint: %+v", c)
	}
	if c := checks["clock vs "+host]; c.Status != doctorOK {
		t.Errorf("clock: %+v", c)
	}
	var down doctorCheck
	for name, c := range checks {
		if strings.HasPrefix(name, "endpoint ") && name != "endpoint "+host {
			down = c
		}
	}
	if down.Status != doctorFail || !strings.Contains(down.Detail, "connection refused") || down.Fix == "" {
		t.Errorf("unreachable endpoint: %+v", down)
	}
	for _, name := range []string{"config directory", "file modes", "profiles file", "state.db"} {
		if checks[name].Status != doctorOK {
			t.Errorf("%s: %+v", name, checks[name])
		}
	}
	if checks["keyring"].Status != doctorInfo {
		t.Errorf("keyring with the file store: %+v", checks["keyring"])
	}
	for _, name := range []string{"terminal colours", "clipboard (OSC 52)", "mouse"} {
		if checks[name].Status != doctorInfo {
			t.Errorf("%s: %+v", name, checks[name])
		}
	}
	// No credential went to the server: doctor sent one HEAD and no token request.
	for _, req := range f.srv.Server.Requests() {
		if req.Method != "HEAD" || req.ClientKey != "" {
			t.Errorf("doctor sent %+v", req)
		}
	}
	if f.srv.Server.IssueCount() != 0 {
		t.Errorf("doctor got %d tokens", f.srv.Server.IssueCount())
	}

	// The table says the same, with a fix per failure.
	r = f.c.run("doctor").want(t, exitFailed)
	if !strings.Contains(r.stdout, "CHECK") || !strings.Contains(r.stdout, "connection refused") || !strings.Contains(r.stdout, "check the port") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

func TestDoctorAllGoodAndSkew(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	host := strings.TrimPrefix(f.srv.URL, "http://")
	doctorReport(t, f.c, exitOK)

	f.srv.Server.SetClockOffset(-10 * time.Minute)
	checks, _ := doctorReport(t, f.c, exitFailed)
	if c := checks["clock vs "+host]; c.Status != doctorFail || !strings.Contains(c.Detail, "10m ahead of") || !strings.Contains(c.Detail, "expired early") || !strings.Contains(c.Fix, "NTP") {
		t.Errorf("skewed clock: %+v", c)
	}
}

func TestDoctorBadModeFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		return // no permission bits
	}
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	path := filepath.Join(f.c.env[envConfigDir], "secrets.json")
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	checks, _ := doctorReport(t, f.c, exitFailed)
	c := checks["file modes"]
	if c.Status != doctorFail || !strings.Contains(c.Detail, "secrets.json is mode 0644") || !strings.Contains(c.Fix, "chmod 600 "+path) {
		t.Errorf("file modes: %+v", c)
	}
	// Opening the store tightened it: the next run passes.
	doctorReport(t, f.c, exitOK)
}

func TestDoctorCorruptFiles(t *testing.T) {
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	dir := f.c.env[envConfigDir]
	if err := os.WriteFile(filepath.Join(dir, "profiles.json"), []byte(`{"version": 2, "profiles": [`+"\x1b[2J"), 0o600); err != nil {
		t.Fatal(err)
	}
	checks, r := doctorReport(t, f.c, exitFailed)
	c := checks["profiles file"]
	if c.Status != doctorFail || !strings.Contains(c.Detail, "profiles.json") || !strings.Contains(c.Fix, "profiles repair") {
		t.Errorf("profiles file: %+v", c)
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("an escape reached the output: %q", r.stdout)
	}

	// A damaged state.db fails its integrity check.
	st, err := store.Open(store.Options{Dir: dir, SecretStore: store.SecretFile})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := os.WriteFile(filepath.Join(dir, "state.db"), []byte(strings.Repeat("not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	checks, _ = doctorReport(t, f.c, exitFailed)
	if c := checks["state.db"]; c.Status != doctorFail || !strings.Contains(c.Fix, "profiles repair") {
		t.Errorf("state.db: %+v", c)
	}
}

func TestDoctorTerminalGuesses(t *testing.T) {
	rows := terminalChecks(nil, []string{"TERM=xterm-kitty", "COLORTERM=truecolor"})
	if !strings.Contains(rows[0].Detail, "true colour") || !strings.HasPrefix(rows[1].Detail, "likely") {
		t.Errorf("kitty: %+v", rows)
	}
	rows = terminalChecks(nil, []string{"TERM=screen-256color", "TMUX=/tmp/tmux-1/default,1,0"})
	if !strings.Contains(rows[1].Fix, "set-clipboard") {
		t.Errorf("tmux: %+v", rows)
	}
	rows = terminalChecks(nil, []string{"TERM=dumb"})
	if !strings.Contains(rows[2].Detail, "unlikely") && !strings.Contains(rows[1].Detail, "unlikely") {
		t.Errorf("dumb: %+v", rows)
	}
}

// TestDoctorChecksTheTokenLocks: doctor checks the files the store says it
// keeps, so the per-profile locks in token-locks/ (not the old token.lock
// alone) have their modes checked, the directory and each lock.
func TestDoctorChecksTheTokenLocks(t *testing.T) {
	if runtime.GOOS == "windows" {
		return // no permission bits
	}
	clients, specs, _ := mixedSpecs(t, 1)
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	f.c.run("token", "-p", "app-000").want(t, exitOK)
	locks := filepath.Join(f.c.env[envConfigDir], "token-locks")
	entries, err := os.ReadDir(locks)
	if err != nil || len(entries) == 0 {
		t.Fatalf("token -p left no lock in %s: %v", locks, err)
	}
	checks, _ := doctorReport(t, f.c, exitOK)
	if c := checks["file modes"]; c.Status != doctorOK {
		t.Fatalf("healthy store: %+v", c)
	}
	lock := filepath.Join(locks, entries[0].Name())
	if err := os.Chmod(lock, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(locks, 0o755); err != nil {
		t.Fatal(err)
	}
	checks, _ = doctorReport(t, f.c, exitFailed)
	c := checks["file modes"]
	for _, want := range []string{"token-locks is mode 0755", "token-locks/" + entries[0].Name() + " is mode 0644"} {
		if c.Status != doctorFail || !strings.Contains(c.Detail, want) {
			t.Errorf("file modes lacks %q: %+v", want, c)
		}
	}
	for _, want := range []string{"chmod 700 " + locks, "chmod 600 " + lock} {
		if !strings.Contains(c.Fix, want) {
			t.Errorf("fix lacks %q: %+v", want, c)
		}
	}
	if strings.Contains(c.Fix, "tightens") {
		t.Errorf("opening the store does not tighten token-locks/, but the fix says so: %q", c.Fix)
	}
	// The store and doctor agree on the list: every file the store keeps.
	names := map[string]bool{}
	for _, sf := range store.Files() {
		names[sf.Name] = true
	}
	for _, want := range []string{"profiles.json", "secrets.json", "state.db", "profiles.lock", "token-locks"} {
		if !names[want] {
			t.Errorf("store.Files lacks %s", want)
		}
	}
}
