package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func testApp(c *cli) *app {
	return &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: c.getenv, now: time.Now}
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
