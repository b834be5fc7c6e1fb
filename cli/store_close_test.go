package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
)

// walLeft is the size of state.db's WAL in c's store (0 when none).
func walLeft(t *testing.T, c *cli) int64 {
	t.Helper()
	fi, err := os.Stat(filepath.Join(c.env[envConfigDir], "state.db-wal"))
	if err != nil {
		return 0
	}
	return fi.Size()
}

// Every command that wrote state.db closes the store on the way out, so no
// WAL is left for the next command to read.
func TestCommandsThatWriteLeaveNoWAL(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	c.run("profiles", "save", "p", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi").want(t, exitOK)
	steps := [][]string{
		{"token", "-p", "p"},            // issues: token metadata and history
		{"token", "-p", "p", "--fresh"}, // issues again
		{"refresh", "-p", "p"},
		{"check", "--all", "--fresh"},
		{"profiles", "rename", "p", "q"},
		{"profiles", "rm", "q"},
	}
	for _, args := range steps {
		c.run(args...).want(t, exitOK)
		if n := walLeft(t, c); n != 0 {
			t.Errorf("after %v: state.db-wal is %d bytes", args, n)
		}
	}
	if _, err := os.Stat(filepath.Join(c.env[envConfigDir], "state.db")); err != nil {
		t.Fatalf("state.db was never written: %v", err)
	}
}

// The console closes its store on exit (cleanup), checkpointing the WAL of
// the calls it recorded.
func TestConsoleCleanupLeavesNoWAL(t *testing.T) {
	c := newCLI(t)
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{demo: true}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	ts := deps.Store.(*tokens.Store)
	p := deps.Initial
	p.DeviceID, p.NetworkType = testDeviceID, device.NetworkWifi
	if p.DeviceInfo, err = device.Decode(testDeviceInfo); err != nil {
		t.Fatal(err)
	}
	if err := ts.Save(p, &deps.InitialSecrets, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(context.Background(), deps.Initial.Name, tokens.TokenOptions{}, testApp(c).newClient(deps.Demo.ServerURL, 0, false)); err != nil {
		t.Fatal(err)
	}
	if walLeft(t, c) == 0 {
		t.Fatal("the token call left no WAL to checkpoint: the test proves nothing")
	}
	cleanup()
	if n := walLeft(t, c); n != 0 {
		t.Errorf("after the console's cleanup state.db-wal is %d bytes", n)
	}
}
