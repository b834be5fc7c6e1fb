package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
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
	if deps.Initial.Name != demoProfile {
		t.Errorf("the demo form is not the %q profile: %q", demoProfile, deps.Initial.Name)
	}
	if name, err := deps.Store.LastUsed(); err != nil || name != "" {
		t.Errorf("the demo opens on a saved profile %q (%v)", name, err)
	}
	req := deps.Initial.Request
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

func TestConsoleStoreAdapter(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a")
	saveDemo(t, c, srv, "b")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if name, err := deps.Store.LastUsed(); err != nil || name != "" {
		t.Errorf("LastUsed before any use = %q, %v", name, err)
	}
	body := tokenBody(t, c.run("token", "-p", "b", "-o", "json").want(t, exitOK).stdout)
	if name, err := deps.Store.LastUsed(); err != nil || name != "b" {
		t.Errorf("LastUsed = %q, %v; want b", name, err)
	}
	p, err := deps.Store.Load("b")
	if err != nil {
		t.Fatal(err)
	}
	if p.Endpoint != srv.URL || p.Request.ClientSecret != fakeserver.DemoClientSecret || p.Request.DeviceInfo != testDeviceInfo {
		t.Errorf("Load gave %+v", p)
	}
	if p.Token == nil || p.Token.AccessToken != body.AccessToken || p.Token.RefreshToken != body.RefreshToken || p.Expiry.At.Unix() != body.ExpiresIn {
		t.Errorf("Load lost the cached token: %+v %+v", p.Token, p.Expiry)
	}
	if err := deps.Store.RecordResult("a", "issue", nil, &tokenclient.NetworkError{Op: "connect", Addr: "x"}); err != nil {
		t.Fatal(err)
	}
	if h := showProfile(t, c, "a").History; len(h) != 1 {
		t.Errorf("RecordResult did not reach the history: %+v", h)
	}
}

func TestConsoleStoreSaveAndManage(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a", "--note", "keep me")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	s := deps.Store
	loaded, err := s.Load("a")
	if err != nil || loaded.Updated.IsZero() || loaded.SecretStore != store.SecretFile {
		t.Fatalf("Load: %+v %v", loaded, err)
	}
	// Save over with the loaded version: the note stays, the device info
	// round-trips.
	loaded.Request.ClientKey = "changed-key"
	saved, err := s.Save(loaded, store.SaveOptions{IfUnchangedSince: loaded.Updated})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Note != "keep me" || saved.ClientKey != "changed-key" || saved.Updated.Equal(loaded.Updated) {
		t.Errorf("saved %+v", saved)
	}
	again, _ := s.Load("a")
	if again.Request.DeviceInfo != testDeviceInfo || again.Request.ClientSecret != fakeserver.DemoClientSecret {
		t.Errorf("device info or secret changed on save: %q", again.Request.DeviceInfo)
	}
	// The old version is stale now.
	if _, err := s.Save(loaded, store.SaveOptions{IfUnchangedSince: loaded.Updated}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale save: %v, want ErrConflict", err)
	}
	if _, err := s.Save(ui.Profile{Name: "a", Endpoint: srv.URL}, store.SaveOptions{CreateOnly: true}); !errors.Is(err, store.ErrExists) {
		t.Errorf("create over an existing profile: %v", err)
	}
	bad := again
	bad.Name, bad.Request.DeviceInfo = "b", "%%%"
	if _, err := s.Save(bad, store.SaveOptions{CreateOnly: true}); err == nil || !strings.Contains(err.Error(), "device info") {
		t.Errorf("bad device info: %v", err)
	}
	if err := s.Copy("a", "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename("b", "c"); err != nil {
		t.Fatal(err)
	}
	rev, _ := s.Revision()
	if err := s.Delete("c"); err != nil {
		t.Fatal(err)
	}
	if rev2, _ := s.Revision(); rev2 == rev {
		t.Error("Revision did not change after a delete")
	}
	ps, err := s.List()
	if err != nil || len(ps) != 1 || ps[0].Name != "a" {
		t.Errorf("List: %+v %v", ps, err)
	}
	if s.KeyringFallback() != "" {
		t.Error("a file store reports a keyring fallback")
	}
}
