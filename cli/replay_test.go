package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// standardHead is the JSON body up to and including networkType.
func standardHead(deviceInfo, network string) string {
	return `{"clientKey":"` + fakeserver.DemoClientKey + `","clientSecret":"` + fakeserver.DemoClientSecret +
		`","deviceId":"` + testDeviceID + `","deviceInfo":"` + deviceInfo + `","networkType":"` + network + `"`
}

func TestReplaySeedWebClientThroughTheCLI(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	web, _ := device.PresetByName("web-example")
	demoCLI(t).run("token", "--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", web.DeviceInfo(), "--network-type", "other").want(t, exitOK)
	got := rec.Last(t)
	if want := standardHead(web.DeviceInfo(), "other") + "}"; got.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", got.Body, want)
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestReplaySignedInWebFlowThroughTheCLI(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true})
	sig, ts, err := tokenclient.SignUID(fakeserver.DemoAccountSecret, "9c2b2e1f0a7d4e5b", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	web, _ := device.PresetByName("web-windows")
	r := demoCLI(t).runStdin(sig+"\n", "token", "-o", "json", "--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", web.DeviceInfo(), "--network-type", "other",
		"--field", "peacockUUID=undefined", "--uid", "9c2b2e1f0a7d4e5b", "--uid-signature-stdin", "--signature-timestamp", ts).want(t, exitOK)
	want := standardHead(web.DeviceInfo(), "other") + `,"peacockUUID":"undefined","signatureTimestamp":"` + ts +
		`","uid":"9c2b2e1f0a7d4e5b","uidSignature":"` + sig + `"}`
	if got := rec.Last(t).Body; got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(r.stderr, sig) {
		t.Errorf("stderr shows the uid signature: %s", r.stderr)
	}
}

func TestReplayAndroidClientThroughTheCLI(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	phone, _ := device.PresetByName("android-phone")
	c := demoCLI(t)
	args := []string{"--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", phone.DeviceInfo(), "--network-type", "wifi", "--user-agent", "okhttp/4.11.0"}
	first := tokenBody(t, c.run(append([]string{"token", "-o", "json"}, args...)...).want(t, exitOK).stdout)
	got := rec.Last(t)
	if want := standardHead(phone.DeviceInfo(), "wifi") + "}"; got.Body != want {
		t.Errorf("issue body:\n%s\nwant:\n%s", got.Body, want)
	}
	if ua := got.Header.Get("User-Agent"); ua != "okhttp/4.11.0" {
		t.Errorf("User-Agent %q", ua)
	}

	// A uid-only refresh with partner fields after it (raw JSON via :=).
	c.run(append([]string{"refresh", "--refresh-token", first.RefreshToken, "--uid", "9c2b2e1f0a7d4e5b",
		"--field", "mvpdIdp=Comcast_SSO", "--field", `mvpdTTL:=3600`}, args...)...).want(t, exitOK)
	want := standardHead(phone.DeviceInfo(), "wifi") + `,"refreshToken":"` + first.RefreshToken +
		`","uid":"9c2b2e1f0a7d4e5b","mvpdIdp":"Comcast_SSO","mvpdTTL":3600}`
	if got := rec.Last(t).Body; got != want {
		t.Errorf("refresh body:\n%s\nwant:\n%s", got, want)
	}
}

func TestReplayFormScriptThroughTheCLI(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	demoCLI(t).run("token", "--form", "--header", "X-Request-Source: script", "--endpoint", rec.URL,
		"--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID, "--device-info", testDeviceInfo,
		"--network-type", "other", "--field", "n:=42").want(t, exitOK)
	got := rec.Last(t)
	want := "clientKey=" + fakeserver.DemoClientKey + "&clientSecret=" + fakeserver.DemoClientSecret + "&deviceId=" + testDeviceID +
		"&deviceInfo=" + strings.NewReplacer("=", "%3D", "+", "%2B", "/", "%2F").Replace(testDeviceInfo) + "&networkType=other&n=42"
	if got.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", got.Body, want)
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type %q", ct)
	}
	if h := got.Header.Get("X-Request-Source"); h != "script" {
		t.Errorf("X-Request-Source %q", h)
	}
}

func TestShapeFlagErrors(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := demoCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--field", "novalue"}, "name=text or name:=json"},
		{[]string{"--field", "x:={bad"}, "not valid JSON"},
		{[]string{"--field", "clientKey=x"}, "standard field"},
		{[]string{"--header", "no colon"}, "'Name: value'"},
		{[]string{"--header", "Host: evil"}, "Host header cannot be set"},
		{[]string{"--uid-signature", "s"}, "signature"},
	} {
		r := c.run(append(append([]string{"token"}, tokenArgs(srv)...), tc.args...)...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, r.stderr, tc.want)
		}
	}
	if n := srv.Server.RequestCount(); n != 0 {
		t.Errorf("bad shape flags sent %d requests", n)
	}
}

func TestPlainHTTPNeedsTheOptIn(t *testing.T) {
	t.Parallel()
	c := demoCLI(t)
	r := c.run("token", "--endpoint", "http://203.0.113.7:8080", "--client-key", "k", "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "other").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "--allow-insecure-http") {
		t.Errorf("stderr %q does not name the opt-in", r.stderr)
	}
	r = c.run("token", "--dry-run", "--allow-insecure-http", "--endpoint", "http://203.0.113.7:8080", "--client-key", "k",
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	if !strings.Contains(r.stderr, "unencrypted") {
		t.Errorf("the opt-in is not said on stderr: %q", r.stderr)
	}
	c.run("token", "--endpoint", "http://127.0.0.1:99999", "--client-key", "k").want(t, exitBadArgs)
}
