package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestHistoryCommandAndListColumns(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a")
	saveDemo(t, c, srv, "b")
	c.run("token", "-p", "a").want(t, exitOK)
	c.run("token", "-p", "b", "--fresh").want(t, exitOK)
	c.run("refresh", "-p", "b").want(t, exitOK)

	var all []historyEntryJSON
	if err := json.Unmarshal([]byte(c.run("history", "-o", "json").want(t, exitOK).stdout), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Profile != "b" || all[0].Kind != "refresh" || all[2].Profile != "a" || all[0].Endpoint != srv.URL {
		t.Errorf("history across profiles (newest first) = %+v", all)
	}
	var one []historyEntryJSON
	if err := json.Unmarshal([]byte(c.run("history", "a", "-o", "json").want(t, exitOK).stdout), &one); err != nil {
		t.Fatal(err)
	}
	if len(one) != 1 || one[0].Profile != "a" || one[0].Status != 200 {
		t.Errorf("history a = %+v", one)
	}
	if out := c.run("history", "--limit", "1").want(t, exitOK).stdout; strings.Count(out, "\n") != 2 || !strings.Contains(out, "refresh") {
		t.Errorf("history --limit 1:\n%s", out)
	}
	if out := c.run("history", "--since", "2099-01-01", "-o", "json").want(t, exitOK).stdout; strings.TrimSpace(out) != "[]" {
		t.Errorf("history --since the future = %s", out)
	}
	c.run("history", "--since", "yesterday").want(t, exitBadArgs)
	c.run("history", "nosuch").want(t, exitBadArgs)

	table := c.run("profiles", "list").want(t, exitOK).stdout
	if !strings.Contains(table, "LAST CALL") || !strings.Contains(table, "✓ 200") {
		t.Errorf("profiles list lacks the last call:\n%s", table)
	}
	for _, out := range []string{c.run("history").stdout, table, c.run("profiles", "show", "b").stdout} {
		if strings.Contains(out, fakeserver.DemoClientSecret) {
			t.Errorf("a secret in:\n%s", out)
		}
	}
}

func TestProfileShapeIsSavedAndSentByTokenP(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := newCLI(t)
	c.runStdin(fakeserver.DemoClientSecret, "profiles", "save", "android", "--client-secret-stdin", "--endpoint", rec.URL,
		"--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID, "--network-type", "wifi",
		"--device-info", androidDeviceInfo(t), "--uid", "9c2b2e1f0a7d4e5b", "--field", "mvpdIdp=Comcast_SSO",
		"--header", "X-Client: tv", "--user-agent", "okhttp/4.11.0").want(t, exitOK)

	show := c.run("profiles", "show", "android").want(t, exitOK).stdout
	for _, want := range []string{"verbatim", "mvpdIdp", "X-Client: tv", "okhttp/4.11.0", "9c2b2e1f0a7d4e5b"} {
		if !strings.Contains(show, want) {
			t.Errorf("profiles show lacks %q:\n%s", want, show)
		}
	}
	first := tokenBody(t, c.run("token", "-p", "android", "-o", "json").want(t, exitOK).stdout)
	got := rec.Last(t)
	want := standardHead(androidDeviceInfo(t), "wifi") + `,"mvpdIdp":"Comcast_SSO","uid":"9c2b2e1f0a7d4e5b"}`
	if got.Body != want {
		t.Errorf("token -p body:\n%s\nwant:\n%s", got.Body, want)
	}
	if got.Header.Get("X-Client") != "tv" || got.Header.Get("User-Agent") != "okhttp/4.11.0" {
		t.Errorf("token -p headers: %v", got.Header)
	}
	// The automatic refresh sends the profile's uid (a signed-in refresh).
	c.run("refresh", "-p", "android").want(t, exitOK)
	want = standardHead(androidDeviceInfo(t), "wifi") + `,"refreshToken":"` + first.RefreshToken + `","uid":"9c2b2e1f0a7d4e5b","mvpdIdp":"Comcast_SSO"}`
	if got := rec.Last(t).Body; got != want {
		t.Errorf("refresh -p body:\n%s\nwant:\n%s", got, want)
	}
}

func TestSignedInRefreshRejectedIsNotDowngraded(t *testing.T) {
	t.Parallel()
	// Tokens live 30 s, less than token -p's minimum validity, so every
	// token -p after the first refreshes.
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{TTL: 30 * time.Second})
	c := newCLI(t)
	c.runStdin(fakeserver.DemoClientSecret, "profiles", "save", "web", "--client-secret-stdin", "--endpoint", rec.URL,
		"--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID, "--device-info", testDeviceInfo,
		"--network-type", "other", "--uid", "user-42").want(t, exitOK)
	c.run("token", "-p", "web").want(t, exitOK)
	c.run("token", "-p", "web").want(t, exitOK) // a signed-in refresh that works
	if body := rec.Last(t).Body; !strings.Contains(body, `"refreshToken"`) || !strings.Contains(body, `"uid":"user-42"`) {
		t.Fatalf("token -p did not refresh with the uid: %s", body)
	}

	rec.Restart(fakeserver.Config{TTL: 30 * time.Second}) // forgets every refresh token: the session is rejected
	r := c.run("token", "-p", "web").want(t, exitFailed)
	if !strings.Contains(r.stderr, "signed-in session") || !strings.Contains(r.stderr, "not replaced by an anonymous token") {
		t.Errorf("stderr %q does not say the signed-in session was rejected", r.stderr)
	}
	if n := len(rec.All()); n != 3 {
		t.Errorf("%d requests, want 3: the rejected refresh must not be followed by an anonymous issue", n)
	}
	var hist []historyEntryJSON
	if err := json.Unmarshal([]byte(c.run("history", "web", "-o", "json").want(t, exitOK).stdout), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || hist[0].Status != 401 || hist[0].Kind != "refresh" {
		t.Errorf("history %+v: want the rejected refresh first", hist)
	}
}

// androidDeviceInfo is the Android phone preset's device info, verbatim.
func androidDeviceInfo(t *testing.T) string {
	t.Helper()
	p, ok := device.PresetByName("android-phone")
	if !ok {
		t.Fatal("no android-phone preset")
	}
	return p.DeviceInfo()
}
