package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestPresetsListsEveryClientWithItsSources(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	var ps []struct {
		Name           string
		Issue, Refresh struct{ Source string }
		Device         struct{ DeviceInfo, NetworkType string }
	}
	out := c.run("presets", "-o", "json").want(t, exitOK).stdout
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(ps) != len(tokenclient.ClientPresetNames()) || len(ps) < 7 {
		t.Fatalf("%d presets listed", len(ps))
	}
	for _, p := range ps {
		if p.Issue.Source == "" || p.Refresh.Source == "" || p.Device.DeviceInfo == "" {
			t.Errorf("preset %s lacks a source or device info: %+v", p.Name, p)
		}
	}
	text := c.run("presets").want(t, exitOK).stdout
	for _, want := range []string{"griddy  ", "sportsdataverse  ", "x-domain-id: 100", "User-Agent okhttp/4.11.0",
		"solthoth/football-picks, scripts/fetch_nfl_schedule.py", "Chrome Headless",
		"order clientKey,clientSecret,deviceId,deviceInfo,networkType,peacockUUID,signatureTimestamp,uid,uidSignature,refreshToken"} {
		if !strings.Contains(text, want) {
			t.Errorf("presets lacks %q", want)
		}
	}
	r := c.run("token", "--preset", "nosuch", "--client-key", "k").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, `--preset "nosuch" is not a known client`) || !strings.Contains(r.stderr, "web-windows") {
		t.Errorf("an unknown preset: %s", r.stderr)
	}
}

// TestPresetOnTokenAndRefresh sends yt-dlp's issue and refresh through the
// CLI: its headers, peacockUUID, and refreshToken last on the refresh.
func TestPresetOnTokenAndRefresh(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := demoCLI(t)
	base := []string{"--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID, "--preset", "web-windows"}
	out := c.run(append([]string{"token", "-o", "json"}, base...)...).want(t, exitOK).stdout
	web, _ := device.PresetByName("web-windows")
	got := rec.Last(t)
	if want := standardHead(web.DeviceInfo(), "other") + `,"peacockUUID":"undefined"}`; got.Body != want {
		t.Errorf("issue body:\n%s\nwant\n%s", got.Body, want)
	}
	for name, want := range map[string]string{"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 Safari/537.36",
		"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Sec-Fetch-Mode": "navigate", "Accept-Encoding": "gzip, deflate"} {
		if got.Header.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, got.Header.Get(name), want)
		}
	}
	var tok tokenclient.TokenResponse
	if err := json.Unmarshal([]byte(out), &tok); err != nil {
		t.Fatal(err)
	}
	c.with(envRefreshToken, tok.RefreshToken).run(append([]string{"refresh", "--user-agent", "mine/1"}, base...)...).want(t, exitOK)
	got = rec.Last(t)
	if !strings.HasSuffix(got.Body, `"networkType":"other","peacockUUID":"undefined","refreshToken":"`+tok.RefreshToken+`"}`) {
		t.Errorf("refresh body does not end as yt-dlp's: %s", got.Body)
	}
	if ua := got.Header.Get("User-Agent"); ua != "mine/1" {
		t.Errorf("--user-agent should override the preset's: %q", ua)
	}
}

func TestPresetOnProfilesSaveAndProfileToken(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := demoCLI(t)
	r := c.run("profiles", "save", "tv", "--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--preset", "griddy").want(t, exitOK)
	if strings.Contains(r.stderr, "field order") {
		t.Errorf("a profile keeps a preset's field order; saving one warns: %s", r.stderr)
	}
	c.run("profiles", "save", "tv", "--preset", "android-tv").want(t, exitOK)
	c.run("token", "-p", "tv").want(t, exitOK)
	got := rec.Last(t)
	tv, _ := device.PresetByName("android-tv")
	if got.Header.Get("User-Agent") != "okhttp/4.11.0" || got.Header.Get("Accept-Encoding") != "gzip, compress, deflate, br" ||
		got.Body != standardHead(tv.DeviceInfo(), "wifi")+"}" {
		t.Errorf("a profile saved with --preset android-tv sends:\n%v\n%s", got.Header, got.Body)
	}
	// One call as griddy refreshes, from the profile: form-encoded,
	// peacockUUID, refreshToken last.
	c.run("refresh", "-p", "tv", "--preset", "griddy").want(t, exitOK)
	got = rec.Last(t)
	if got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || !strings.Contains(got.Body, "&networkType=other&peacockUUID=undefined&refreshToken=") {
		t.Errorf("refresh -p --preset griddy sent:\n%v\n%s", got.Header, got.Body)
	}
}

// A profile saved with --preset sends the preset's field order and JSON
// spacing from then on, without --preset: the same bytes as --preset on
// the command line.
func TestProfileSavedWithPresetKeepsItsOrderAndSpacing(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := demoCLI(t)
	base := []string{"--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID}

	// yt-dlp refreshes with its issue body and refreshToken last.
	c.run(append([]string{"profiles", "save", "yt", "--preset", "web-windows"}, base...)...).want(t, exitOK)
	c.run("token", "-p", "yt").want(t, exitOK)
	web, _ := device.PresetByName("web-windows")
	head := standardHead(web.DeviceInfo(), string(web.Network)) + `,"peacockUUID":"undefined"`
	if got := rec.Last(t).Body; got != head+"}" {
		t.Errorf("token -p yt sent %s\nwant %s}", got, head)
	}
	show := c.run("profiles", "show", "yt").want(t, exitOK).stdout
	if !strings.Contains(show, "peacockUUID, signatureTimestamp, uid, uidSignature, refreshToken") {
		t.Errorf("profiles show yt does not show the refresh order:\n%s", show)
	}
	c.run("refresh", "-p", "yt").want(t, exitOK)
	got := rec.Last(t).Body
	if !strings.HasPrefix(got, head+`,"refreshToken":"`) || strings.Count(got, `":`) != 7 {
		t.Errorf("refresh -p yt sent %s\nwant %s,\"refreshToken\":...} (yt-dlp's refresh order)", got, head)
	}

	// football-picks spaces its JSON as Python's json.dumps.
	c.run(append([]string{"token", "--preset", "web-macos"}, base...)...).want(t, exitOK)
	want := rec.Last(t).Body
	c.run(append([]string{"profiles", "save", "picks", "--preset", "web-macos"}, base...)...).want(t, exitOK)
	c.run("token", "-p", "picks").want(t, exitOK)
	if got := rec.Last(t).Body; got != want || !strings.Contains(got, `", "deviceId": "`) {
		t.Errorf("token -p picks sent %s\nwant what --preset web-macos sends: %s", got, want)
	}
}
