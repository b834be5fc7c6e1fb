//go:build linux || darwin

package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// helperMain makes the test binary run main() instead of the tests, so the
// subprocess below is authdeck itself, signal handling included.
const helperMain = "AUTHDECK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(helperMain) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// waitUntil polls ok every 50 ms until it holds or limit passes (a
// deadline against a hang, not a measured time).
func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("gave up after %v waiting for %s", limit, what)
}

// TestSignalsLeaveNoSecretsBehind: `authdeck --demo` on a terminal, a
// token fetched and its claims open in $PAGER; then SIGHUP (the terminal
// went away) or SIGTERM reaches authdeck alone. It stops the pager, and
// neither the pager's temp file (it holds the token's claims) nor the
// demo's throw-away store (secrets.json) is left in the temp directory.
func TestSignalsLeaveNoSecretsBehind(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			seen := filepath.Join(t.TempDir(), "seen")
			pager := filepath.Join(t.TempDir(), "pager")
			script := "#!/bin/sh\necho \"$1\" > '" + seen + "'\nexec sleep 60\n"
			if err := os.WriteFile(pager, []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "--demo")
			cmd.Env = append(os.Environ(), helperMain+"=1", "TMPDIR="+tmp, "PAGER="+pager,
				"AUTHDECK_CONFIG_DIR=", "TERM=xterm-256color")
			tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
			if err != nil {
				t.Fatal(err)
			}
			defer tty.Close()
			go func() { _, _ = io.Copy(io.Discard, tty) }()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer func() { _ = cmd.Process.Kill() }()

			demoStore := func() bool {
				m, _ := filepath.Glob(filepath.Join(tmp, "authdeck-demo-*", "secrets.json"))
				return len(m) == 1
			}
			waitUntil(t, 20*time.Second, "the demo store", demoStore)
			var path string
			waitUntil(t, 30*time.Second, "the pager", func() bool {
				// ctrl+s gets a token and shows it; p opens its claims.
				_, _ = tty.Write([]byte("\x13"))
				time.Sleep(300 * time.Millisecond)
				_, _ = tty.Write([]byte("p"))
				b, err := os.ReadFile(seen)
				path = strings.TrimSpace(string(b))
				return err == nil && path != ""
			})
			if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "JWT claims") {
				t.Fatalf("the pager's file %s: %v %q", path, err, b)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
			case <-time.After(20 * time.Second):
				t.Fatalf("authdeck did not exit after %v", sig)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("the pager's temp file is still there after %v: %v", sig, err)
			}
			left, _ := os.ReadDir(tmp)
			for _, e := range left {
				t.Errorf("left in the temp directory after %v: %s", sig, e.Name())
			}
		})
	}
}
