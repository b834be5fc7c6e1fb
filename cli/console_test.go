package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui"
)

func testApp(c *cli) *app {
	return &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, env: readEnvironment(c.getenv), now: time.Now}
}

func TestConsoleDemoDeps(t *testing.T) {
	c := newCLI(t).with(envConfigDir, "")
	var notices bytes.Buffer
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{demo: true}, &notices)
	if err != nil {
		t.Fatal(err)
	}
	if deps.Demo == nil || deps.Demo.ServerURL == "" || deps.Initial.Endpoint != deps.Demo.ServerURL {
		t.Fatalf("demo deps do not point at the demo server: %+v", deps)
	}
	if deps.Demo.AccountSecret != fakeserver.DemoAccountSecret {
		t.Error("F6 of the demo is not offered the demo server's account secret")
	}
	if deps.Initial.Name != demoProfile {
		t.Errorf("the demo form is not the %q profile: %q", demoProfile, deps.Initial.Name)
	}
	if deps.Profile != "" {
		t.Errorf("the demo opens on a saved profile %q", deps.Profile)
	}
	req := tokens.Request(&deps.Initial, deps.InitialSecrets)
	req.DeviceID, req.DeviceInfo, req.NetworkType = testDeviceID, testDeviceInfo, "wifi"
	sender := deps.NewClient(deps.Initial.Endpoint, 5*time.Second)
	res, err := sender.Send(context.Background(), sender.PrepareIssue(req))
	if err != nil || res.Token.AccessToken == "" {
		t.Fatalf("the demo profile cannot get a token from the demo server: %v", err)
	}
	cleanup()
	if _, err := sender.Send(context.Background(), sender.PrepareIssue(req)); err == nil {
		t.Error("the demo server still answers after cleanup")
	}
}

func TestConsoleDepsRefuseBadInput(t *testing.T) {
	c := newCLI(t)
	for _, opts := range []consoleOptions{{profile: "missing"}, {profile: "bad/name"}, {demo: true, profile: "x"}} {
		_, cleanup, err := testApp(c).consoleDeps(opts, &bytes.Buffer{})
		cleanup()
		if exitCode(err) != exitBadArgs {
			t.Errorf("%+v: err %v, want bad input", opts, err)
		}
	}
}

func TestConsoleOpensFromOneSnapshotOfTheRealStore(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a", "--note", "keep me")
	saveDemo(t, c, srv, "b")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if _, ok := deps.Store.(*tokens.Store); !ok {
		t.Fatalf("the console gets %T, want the store with its token workflow (no adapter)", deps.Store)
	}
	if snap, err := deps.Store.Snapshot(""); err != nil || snap.Current != nil || len(snap.Profiles) != 2 {
		t.Errorf("before any use the console opens on %+v (%v), want no profile and a list of 2", snap.Current, err)
	}
	body := tokenBody(t, c.run("token", "-p", "b", "-o", "json").want(t, exitOK).stdout)
	snap, err := deps.Store.Snapshot("")
	if err != nil || snap.LastUsed != "b" || snap.Current == nil || snap.Current.Name != "b" {
		t.Fatalf("after token -p b the console opens on %+v (%v)", snap.Current, err)
	}
	p, sec := snap.Current, snap.Secrets
	if p.Endpoint != srv.URL || sec.ClientSecret != fakeserver.DemoClientSecret || p.DeviceInfoBase64() != testDeviceInfo {
		t.Errorf("the snapshot gave %+v", p)
	}
	if p.Token == nil || sec.AccessToken != body.AccessToken || sec.RefreshToken != body.RefreshToken || p.Token.ExpiresAt.Unix() != body.ExpiresIn {
		t.Errorf("the snapshot lost the cached token: %+v", p.Token)
	}
	if err := deps.Store.RecordResult("a", "issue", nil, &tokenclient.NetworkError{Op: "timeout", Addr: "x"}, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	h, err := deps.Store.History(store.HistoryQuery{Profile: "a"})
	if err != nil || len(h) != 1 || h[0].Duration != 30*time.Second || h[0].Status != 0 {
		t.Errorf("a timed-out call's history: %+v %v (want one entry of 30s)", h, err)
	}
	// A save from the console keeps what the form does not hold (the note).
	saved, err := deps.Store.Update("a", store.UpdateOptions{IfUnchangedSince: snapUpdated(t, deps.Store, "a")},
		func(q *store.Profile, _ *store.Secrets) error { q.ClientKey = "changed-key"; return nil })
	if err != nil || saved.Note != "keep me" || saved.ClientKey != "changed-key" {
		t.Errorf("save over: %+v %v", saved, err)
	}
}

// snapUpdated is the stored Updated time of profile name.
func snapUpdated(t *testing.T, s ui.Store, name string) time.Time {
	t.Helper()
	snap, err := s.Snapshot(name)
	if err != nil || snap.Current == nil {
		t.Fatalf("snapshot of %s: %v", name, err)
	}
	return snap.Current.Updated
}

// TestAutoRefreshBeforeFlag: --auto-refresh-before
// reaches the console's Deps and must be positive.
func TestAutoRefreshBeforeFlag(t *testing.T) {
	c := newCLI(t)
	for _, v := range []string{"0", "-5s"} {
		r := c.run("--auto-refresh-before", v).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "--auto-refresh-before") || !strings.Contains(r.stderr, "positive") {
			t.Errorf("--auto-refresh-before %s: stderr %q", v, r.stderr)
		}
	}
	c.run("--auto-refresh-before", "soon").want(t, exitBadArgs)
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{autoRefreshBefore: 5 * time.Minute}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if deps.AutoRefreshBefore != 5*time.Minute {
		t.Errorf("Deps.AutoRefreshBefore %s, want 5m", deps.AutoRefreshBefore)
	}
	if f := newRootCmd(testApp(c)).Flags().Lookup("auto-refresh-before"); f == nil || f.DefValue != "1m0s" {
		t.Errorf("the flag's default: %+v", f)
	}
}

// TestConsoleDepsCarryTheEnvironment: the console reads no environment
// itself; cli hands it $PAGER, $VISUAL, $EDITOR and NO_COLOR.
func TestConsoleDepsCarryTheEnvironment(t *testing.T) {
	c := newCLI(t).with("PAGER", "most", "EDITOR", "nano", "NO_COLOR", "1")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if deps.Getenv == nil || deps.Getenv("PAGER") != "most" || deps.Getenv("EDITOR") != "nano" || deps.Getenv("VISUAL") != "" {
		t.Fatal("$PAGER or $EDITOR not passed to the console")
	}
	if !deps.NoColor {
		t.Fatal("NO_COLOR not passed")
	}
	c = newCLI(t).with("NO_COLOR", "")
	if deps, cleanup, _ := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{}); deps.NoColor {
		cleanup()
		t.Fatal("an empty NO_COLOR disabled colour")
	} else {
		cleanup()
	}
}
