package fakeserver_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// postForm sends values form-encoded, in the order given.
func postForm(t *testing.T, srv *fakeserver.Server, path string, kv ...string) *httptest.ResponseRecorder {
	t.Helper()
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(strings.Join(parts, "&")))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func TestFormBodies(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(testConfig(clock))
	tok := tokenOf(t, postForm(t, srv, fakeserver.IssuePath,
		"clientKey", testKey, "clientSecret", testSecret, "deviceId", testDeviceID,
		"deviceInfo", testInfo, "networkType", "other", "peacockUUID", "undefined"))
	tokenOf(t, postForm(t, srv, fakeserver.RefreshPath,
		"clientKey", testKey, "clientSecret", testSecret, "deviceId", testDeviceID,
		"deviceInfo", testInfo, "networkType", "other", "refreshToken", tok.RefreshToken, "uid", "user-42"))
	reqs := srv.Requests()
	if reqs[0].Encoding != "form" || !slices.Equal(reqs[0].Ignored, []string{"peacockUUID"}) {
		t.Errorf("first request logged as %+v", reqs[0])
	}
	wantError(t, postForm(t, srv, fakeserver.IssuePath, "clientKey", testKey, "clientKey", testKey),
		http.StatusBadRequest, fakeserver.CodeInvalidRequest, "clientKey", "more than once")
	wantError(t, postForm(t, srv, fakeserver.IssuePath, "clientKey", testKey, "clientSecret", testSecret),
		http.StatusBadRequest, fakeserver.CodeInvalidRequest, "deviceId", "required")
}

func TestUIDOnlyRefreshAndSignedIssue(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(testConfig(clock)) // not strict
	key := []byte("test-uid-key")

	// Signed in on the first call, as yt-dlp does.
	ts := strconv.FormatInt(t0.Unix(), 10)
	b := issueBody()
	b["signatureTimestamp"], b["uid"], b["uidSignature"] = ts, "user-42", fakeserver.SignUID(key, "user-42", ts)
	tok := tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
	b["uidSignature"] = fakeserver.SignUID([]byte("other"), "user-42", ts)
	wantError(t, post(t, srv, fakeserver.IssuePath, b), http.StatusForbidden, fakeserver.CodeInvalidSignature, "uidSignature", "does not match")

	// uid alone on refresh, as EPlusTV does.
	r := refreshBody(tok.RefreshToken)
	r["uid"] = "user-42"
	tok = tokenOf(t, post(t, srv, fakeserver.RefreshPath, r))

	// Not strict: an old signature still verifies.
	old := strconv.FormatInt(t0.Add(-24*time.Hour).Unix(), 10)
	r = refreshBody(tok.RefreshToken)
	r["uid"], r["signatureTimestamp"], r["uidSignature"] = "user-42", old, fakeserver.SignUID(key, "user-42", old)
	tokenOf(t, post(t, srv, fakeserver.RefreshPath, r))
}

func TestClaimsFromAndroidDeviceInfo(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(testConfig(clock))
	for _, c := range []struct{ preset, display, formFactor string }{
		{"android-phone", "ANDROID_ANDROID_MOBILE", "MOBILE"},
		{"android-tv", "ANDROID_ANDROID_TV", "TV"},
		{"web-macos", "WEB_DESKTOP_DESKTOP", "DESKTOP"},
	} {
		p, _ := device.PresetByName(c.preset)
		b := issueBody()
		b["deviceInfo"], b["networkType"] = p.DeviceInfo(), string(p.Network)
		claims, err := srv.ParseAccessToken(tokenOf(t, post(t, srv, fakeserver.IssuePath, b)).AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		if claims.DisplayName != c.display || claims.FormFactor != c.formFactor {
			t.Errorf("%s: DisplayName %q formFactor %q, want %q %q", c.preset, claims.DisplayName, claims.FormFactor, c.display, c.formFactor)
		}
	}
}

func TestParseClients(t *testing.T) {
	got, err := fakeserver.ParseClients(strings.NewReader("# clients\n\nkey-one-0000000001 : s3cret:with:colons\r\n\ufeffkey2:x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["key-one-0000000001"] != "s3cret:with:colons" || got["key2"] != "x" {
		t.Errorf("ParseClients = %v", got)
	}
	for _, c := range []struct{ in, says string }{
		{"no-colon-secret-value\n", "line 1: no \":\""},
		{"k:\n", "line 1: the secret"},
		{":s3cret-value\n", "line 1: the client key"},
		{"k:a\nk:s3cret-value\n", "line 2: client key"},
		{"k:s3cret\x1bvalue\n", "control characters"},
		{"# nothing\n", "no clients"},
	} {
		_, err := fakeserver.ParseClients(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("ParseClients(%q) = %v, want %q", c.in, err, c.says)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error quotes the secret: %v", err)
		}
	}
}
