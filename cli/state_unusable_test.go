package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// breakState puts state.db of dir into the named failure mode.
func breakState(t *testing.T, dir, mode string) {
	t.Helper()
	db := filepath.Join(dir, "state.db")
	if mode == "newer schema" || mode == "truncated" {
		if _, err := os.Stat(db); err != nil {
			t.Fatalf("no state.db to %s: %v", mode, err)
		}
	}
	switch mode {
	case "newer schema":
		h, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Exec(`PRAGMA user_version = 99`); err != nil {
			t.Fatal(err)
		}
		h.Close()
		return
	case "truncated":
		if err := os.Truncate(db, 1000); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		os.Remove(f)
	}
	var err error
	switch mode {
	case "garbage":
		err = os.WriteFile(db, bytes.Repeat([]byte("not a database "), 400), 0o600)
	case "symlink":
		target := filepath.Join(t.TempDir(), "elsewhere.db")
		if err = os.WriteFile(target, nil, 0o600); err == nil {
			err = os.Symlink(target, db)
		}
	case "FIFO":
		err = syscall.Mkfifo(db, 0o600)
	default:
		t.Fatalf("unknown mode %q", mode)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// stateLines are the stderr lines about state.db.
func stateLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, "state.db") {
			out = append(out, l)
		}
	}
	return out
}

// With state.db unusable, token -p prints the token it obtained (one
// request, exit 0) and says once what is wrong and how to fix it (profiles
// repair, or an upgrade for a newer schema); the next
// token -p answers from the cache; check reports the profile's real result;
// profiles save and rm exit 0.
func TestUnusableStateDB(t *testing.T) {
	for _, mode := range []string{"garbage", "truncated", "newer schema", "symlink", "FIFO"} {
		t.Run(mode, func(t *testing.T) {
			srv := demoServer(t)
			c := demoCLI(t)
			dir := c.env[envConfigDir]
			save := func(name string) cliResult {
				return c.run("profiles", "save", name, "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey,
					"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi")
			}
			save("p").want(t, exitOK)
			c.run("token", "-p", "p", "--fresh").want(t, exitOK) // state.db exists with history
			breakState(t, dir, mode)
			before := len(srv.Server.Requests())

			r := c.run("token", "-p", "p", "--fresh").want(t, exitOK)
			if !strings.HasPrefix(r.stdout, "eyJ") {
				t.Errorf("token -p printed %d bytes that are not a token", len(r.stdout))
			}
			if n := len(srv.Server.Requests()) - before; n != 1 {
				t.Errorf("token -p made %d requests, want 1", n)
			}
			fix := "profiles repair"
			if mode == "newer schema" {
				fix = "upgrade authdeck" // repair leaves a newer database alone
			}
			if lines := stateLines(r.stderr); len(lines) != 1 || !strings.Contains(lines[0], fix) {
				t.Errorf("token -p stderr, want one line naming state.db and %q:\n%s", fix, r.stderr)
			}
			r = c.run("token", "-p", "p").want(t, exitOK)
			if n := len(srv.Server.Requests()) - before; n != 1 || !strings.HasPrefix(r.stdout, "eyJ") {
				t.Errorf("the second token -p made %d requests in all, want the cached token (%d bytes printed)", n, len(r.stdout))
			}

			r = c.run("check", "--all", "--fresh").want(t, exitOK)
			if !strings.Contains(r.stdout, "p ") || strings.Contains(r.stdout, "error") {
				t.Errorf("check reports:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			}
			if r := save("q"); r.code != exitOK || len(stateLines(r.stderr)) > 1 {
				t.Errorf("profiles save: exit %d, stderr:\n%s", r.code, r.stderr)
			}
			// Saving a change to an existing profile needs nothing from state.db.
			if r := c.run("profiles", "save", "p", "--note", "n"); r.code != exitOK || len(stateLines(r.stderr)) != 0 {
				t.Errorf("profiles save of an existing profile: exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if r := c.run("profiles", "rm", "q"); r.code != exitOK || len(stateLines(r.stderr)) > 1 {
				t.Errorf("profiles rm: exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if names := c.run("profiles", "list").want(t, exitOK).stdout; strings.Contains(names, "q ") || !strings.Contains(names, "p ") {
				t.Errorf("profiles list after save and rm of q:\n%s", names)
			}
		})
	}
}
