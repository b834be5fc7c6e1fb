package cli

import (
	"io"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// chromeCurl is a Chrome "Copy as cURL (bash)" of the token call to url,
// with an Android client's 16-key device info (verbatim, not canonical
// order), an extra body field and the headers Chrome adds.
func chromeCurl(url, body string) string {
	return `curl '` + url + `/identity/v3/token' \
  -H 'accept: */*' \
  -H 'accept-language: en-US,en;q=0.9' \
  -H 'content-type: application/json' \
  -b 'gig_bootstrap=COOKIE-VALUE; _ga=GA1' \
  -H 'origin: https://www.nfl.com' \
  -H 'sec-fetch-mode: cors' \
  -H 'user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/128.0.0.0 Safari/537.36' \
  --data-raw '` + body + `'`
}

func TestImportCurlThenTokenSendsTheImportedBytes(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	phone, _ := device.PresetByName("android-phone")
	body := standardHead(phone.DeviceInfo(), "wifi") + `,"peacockUUID":"undefined","trial":true}`
	c := newCLI(t)
	res := c.runStdin(chromeCurl(rec.URL, body), "profiles", "import-curl", "nfl-web").want(t, exitOK)
	for _, out := range []string{res.stdout, res.stderr} {
		if strings.Contains(out, fakeserver.DemoClientSecret) || strings.Contains(out, "COOKIE-VALUE") {
			t.Fatalf("output holds a secret or cookie:\n%s", out)
		}
	}
	if !strings.Contains(res.stdout, "imported profile nfl-web") || !strings.Contains(res.stdout, "device info verbatim") {
		t.Errorf("stdout %q", res.stdout)
	}
	if !strings.Contains(res.stderr, "not imported: -b (cookies)") {
		t.Errorf("stderr does not name the dropped cookies: %q", res.stderr)
	}
	st, err := store.Open(store.Options{Dir: c.env[envConfigDir], SecretStore: store.SecretFile, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Get("nfl-web")
	if err != nil {
		t.Fatal(err)
	}
	if !p.DeviceInfoVerbatim() || p.DeviceInfoBase64() != phone.DeviceInfo() {
		t.Errorf("device info not kept verbatim: %q", p.DeviceInfoBase64())
	}

	c.run("token", "-p", "nfl-web").want(t, exitOK)
	got := rec.Last(t)
	if got.Body != body {
		t.Errorf("token -p sent\n%s\nwant the imported body\n%s", got.Body, body)
	}
	if ua := got.Header.Get("User-Agent"); !strings.HasPrefix(ua, "Mozilla/5.0 (Windows NT 10.0") {
		t.Errorf("User-Agent %q", ua)
	}
	if got.Header.Get("Origin") != "https://www.nfl.com" || got.Header.Get("Sec-Fetch-Mode") != "cors" || got.Header.Get("Accept") != "*/*" {
		t.Errorf("headers not sent: %v", got.Header)
	}
	if got.Header.Get("Cookie") != "" {
		t.Error("the cookie was sent")
	}
}

func TestImportCurlFormBodyAndOverwrite(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := newCLI(t)
	c.runStdin(chromeCurl(rec.URL, standardHead(testDeviceInfo, "other")+"}"), "profiles", "import-curl", "x").want(t, exitOK)

	enc := strings.NewReplacer("=", "%3D", "+", "%2B", "/", "%2F").Replace(testDeviceInfo)
	form := "clientKey=" + fakeserver.DemoClientKey + "&clientSecret=" + fakeserver.DemoClientSecret + "&deviceId=" + testDeviceID +
		"&deviceInfo=" + enc + "&networkType=other&n=42"
	line := "curl -X POST " + rec.URL + "/identity/v3/token -H 'Content-Type: application/x-www-form-urlencoded' -A okhttp/4.12.0 --data-raw '" + form + "'"
	res := c.runStdin(line, "profiles", "import-curl", "x").want(t, exitBadArgs)
	if !strings.Contains(res.stderr, "--overwrite") {
		t.Errorf("a taken name does not point at --overwrite: %q", res.stderr)
	}
	c.runStdin(line, "profiles", "import-curl", "x", "--overwrite").want(t, exitOK)
	c.run("token", "-p", "x").want(t, exitOK)
	got := rec.Last(t)
	if got.Body != form {
		t.Errorf("sent\n%s\nwant\n%s", got.Body, form)
	}
	if got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || got.Header.Get("User-Agent") != "okhttp/4.12.0" {
		t.Errorf("headers %v", got.Header)
	}
	if got.Header.Get("Origin") != "" {
		t.Error("--overwrite kept the old profile's headers")
	}
}

func TestImportCurlErrors(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, tc := range []struct{ stdin, want string }{
		{"", "stdin was empty"},
		{"wget x", "not curl"},
		{"curl https://api.nfl.com/identity/v3/token -d \"{\\\"clientSecret\\\":\\\"$S\\\"}\"", "variable ($S)"},
	} {
		res := c.runStdin(tc.stdin, "profiles", "import-curl", "p").want(t, exitBadArgs)
		if !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%q: stderr %q does not say %q", tc.stdin, res.stderr, tc.want)
		}
	}
	c.run("profiles", "show", "p").want(t, exitBadArgs) // nothing was saved
}
