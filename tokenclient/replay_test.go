package tokenclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// wantWire compares a request's body bytes and checks the preview and the
// curl copy are built from the same bytes.
func wantWire(t *testing.T, got fakeservertest.Wire, p *tokenclient.Prepared, body, contentType, userAgent string) {
	t.Helper()
	if got.Body != body {
		t.Errorf("body on the wire:\n%s\nwant:\n%s", got.Body, body)
	}
	if string(p.Body) != got.Body || !strings.HasSuffix(p.HTTP(), "\n\n"+got.Body) {
		t.Errorf("Prepared differs from the wire:\n%s", p.HTTP())
	}
	if ct := got.Header.Get("Content-Type"); ct != contentType {
		t.Errorf("Content-Type %q, want %q", ct, contentType)
	}
	if ua := got.Header.Get("User-Agent"); ua != userAgent {
		t.Errorf("User-Agent %q, want %q", ua, userAgent)
	}
}

func send(t *testing.T, c *tokenclient.Client, p *tokenclient.Prepared) *tokenclient.Result {
	t.Helper()
	res, err := c.Send(context.Background(), p)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return res
}

// The seed's web client: the contract's example, networkType other, JSON.
func TestReplaySeedWebClient(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: rec.URL})
	p, _ := device.PresetByName("web-example")
	req := demoRequest()
	req.DeviceInfo, req.NetworkType = p.DeviceInfo(), p.Network
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	pr := c.PrepareIssue(req)
	res := send(t, c, pr)
	wantWire(t, rec.Last(t), pr, `{"clientKey":"`+fakeserver.DemoClientKey+`","clientSecret":"`+fakeserver.DemoClientSecret+
		`","deviceId":"`+deviceID+`","deviceInfo":"`+deviceInfo+`","networkType":"other"}`,
		"application/json", "authdeck/"+tokenclient.Version)
	j := tokenclient.DecodeJWT(res.Token.AccessToken)
	if !j.IsJWT || j.Problem != "" || j.IssuedAt != nil || j.ExpiresAt == nil || j.ExpiresAt.Unix() != res.Token.ExpiresIn {
		t.Errorf("the real-shaped token does not read well: %+v", j)
	}
}

// A signed-in web client as yt-dlp sends it: uid, uidSignature and
// signatureTimestamp on the first call, after the extra field peacockUUID
// (json.dumps({**_CLIENT_DATA, **_ACCOUNT_INFO}, separators=(',', ':'))).
func TestReplaySignedInWebFlow(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true})
	c := tokenclient.New(tokenclient.Options{BaseURL: rec.URL})
	sig, ts, err := tokenclient.SignUID(fakeserver.DemoAccountSecret, "9c2b2e1f0a7d4e5b", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	web, _ := device.PresetByName("web-windows")
	req := demoRequest()
	req.DeviceInfo, req.NetworkType = web.DeviceInfo(), web.Network
	req.Fields = []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"undefined"`)}}
	req.UID, req.UIDSignature, req.SignatureTimestamp = "9c2b2e1f0a7d4e5b", sig, ts
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	pr := c.PrepareIssue(req)
	res := send(t, c, pr)
	head := `{"clientKey":"` + fakeserver.DemoClientKey + `","clientSecret":"` + fakeserver.DemoClientSecret +
		`","deviceId":"` + deviceID + `","deviceInfo":"` + web.DeviceInfo() + `","networkType":"other"`
	wantWire(t, rec.Last(t), pr, head+`,"peacockUUID":"undefined","signatureTimestamp":"`+ts+`","uid":"9c2b2e1f0a7d4e5b","uidSignature":"`+sig+`"}`,
		"application/json", "authdeck/"+tokenclient.Version)

	// The preview hides the signature in the same places.
	red := string(pr.Redacted().Body)
	if strings.Contains(red, sig) || strings.Contains(red, fakeserver.DemoClientSecret) || !strings.Contains(red, `"uid":"9c2b2e1f0a7d4e5b"`) {
		t.Errorf("redacted body: %s", red)
	}

	// Refresh with all three again.
	rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: res.Token.RefreshToken}
	pr = c.PrepareRefresh(rr)
	send(t, c, pr)
	wantWire(t, rec.Last(t), pr, head+`,"refreshToken":"`+res.Token.RefreshToken+`","uid":"9c2b2e1f0a7d4e5b","signatureTimestamp":"`+ts+
		`","uidSignature":"`+sig+`","peacockUUID":"undefined"}`, "application/json", "authdeck/"+tokenclient.Version)

	// A signature made with another account secret is refused with 403.
	bad, _, _ := tokenclient.SignUID("b3RoZXItc2VjcmV0", "9c2b2e1f0a7d4e5b", time.Now())
	req.UIDSignature = bad
	_, err = c.Issue(context.Background(), req)
	var he *tokenclient.HTTPError
	if !errorsAs(err, &he) || he.Status != http.StatusForbidden {
		t.Errorf("wrong signature: %v", err)
	}
}

// An Android client as EPlusTV sends it (services/nfl-handler.ts): the
// 16-key DEVICE_INFO verbatim, wifi, User-Agent okhttp/4.11.0, a refresh
// with uid alone and partner fields after it.
func TestReplayAndroidClient(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: rec.URL})
	phone, _ := device.PresetByName("android-phone")
	req := demoRequest()
	req.DeviceInfo, req.NetworkType = phone.DeviceInfo(), phone.Network
	req.UserAgent = "okhttp/4.11.0"
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	pr := c.PrepareIssue(req)
	res := send(t, c, pr)
	head := `{"clientKey":"` + fakeserver.DemoClientKey + `","clientSecret":"` + fakeserver.DemoClientSecret +
		`","deviceId":"` + deviceID + `","deviceInfo":"` + phone.DeviceInfo() + `","networkType":"wifi"`
	wantWire(t, rec.Last(t), pr, head+`}`, "application/json", "okhttp/4.11.0")
	// The deviceInfo is the app's object byte for byte, not re-encoded.
	if !strings.Contains(rec.Last(t).Body, "eyJjYXBhYmlsaXRpZXMiOnt9LCJjdHZEZXZpY2UiOiJBbmRyb2lkVFYi") {
		t.Error("deviceInfo is not the verbatim Android object")
	}

	rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: res.Token.RefreshToken}
	rr.UID = "9c2b2e1f0a7d4e5b"
	rr.Fields = []tokenclient.Field{
		{Name: "mvpdIdp", Value: json.RawMessage(`"Comcast_SSO"`)},
		{Name: "mvpdUUID", Value: json.RawMessage(`"3f6a0c1e-5b8d-4c2a-9e7f-1a2b3c4d5e6f"`)},
		{Name: "mvpdUserId", Value: json.RawMessage(`"user@example.com"`)},
	}
	if err := rr.Validate(); err != nil {
		t.Fatal(err)
	}
	pr = c.PrepareRefresh(rr)
	res = send(t, c, pr)
	wantWire(t, rec.Last(t), pr, head+`,"refreshToken":"`+rr.RefreshToken+`","uid":"9c2b2e1f0a7d4e5b","mvpdIdp":"Comcast_SSO",`+
		`"mvpdUUID":"3f6a0c1e-5b8d-4c2a-9e7f-1a2b3c4d5e6f","mvpdUserId":"user@example.com"}`, "application/json", "okhttp/4.11.0")
	claims, err := rec.Server().ParseAccessToken(res.Token.AccessToken)
	if err != nil || claims.DisplayName != "ANDROID_ANDROID_MOBILE" {
		t.Errorf("claims %+v, %v", claims, err)
	}
	reqs := rec.Server().Requests()
	// mvpdUserId is read (it finds a TV provider's account); the rest is ignored.
	if got := reqs[len(reqs)-1].Ignored; strings.Join(got, ",") != "mvpdIdp,mvpdUUID" {
		t.Errorf("the server ignored %v", got)
	}
}

// A script that sends the body form-encoded, with an extra header.
func TestReplayFormScript(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: rec.URL})
	req := demoRequest()
	req.NetworkType = "other"
	req.Encoding = tokenclient.EncodingForm
	req.Headers = []tokenclient.Header{{Name: "X-Request-Source", Value: "script"}}
	req.Fields = []tokenclient.Field{{Name: "note", Value: json.RawMessage(`"a b&c=d"`)}, {Name: "n", Value: json.RawMessage(`42`)}}
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	pr := c.PrepareIssue(req)
	res := send(t, c, pr)
	head := "clientKey=" + fakeserver.DemoClientKey + "&clientSecret=" + fakeserver.DemoClientSecret +
		"&deviceId=" + deviceID + "&deviceInfo=" + strings.NewReplacer("=", "%3D", "+", "%2B", "/", "%2F").Replace(deviceInfo) + "&networkType=other"
	wantWire(t, rec.Last(t), pr, head+"&note=a+b%26c%3Dd&n=42", "application/x-www-form-urlencoded", "authdeck/"+tokenclient.Version)
	if h := rec.Last(t).Header.Get("X-Request-Source"); h != "script" {
		t.Errorf("extra header %q", h)
	}

	rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: res.Token.RefreshToken}
	rr.Fields = nil
	pr = c.PrepareRefresh(rr)
	send(t, c, pr)
	wantWire(t, rec.Last(t), pr, head+"&refreshToken="+rr.RefreshToken, "application/x-www-form-urlencoded", "authdeck/"+tokenclient.Version)

	// Redaction masks the secret and the refresh token in the form body too.
	red := string(pr.Redacted().Body)
	if strings.Contains(red, fakeserver.DemoClientSecret) || strings.Contains(red, rr.RefreshToken) ||
		!strings.Contains(red, "clientSecret="+tokenclient.Mask+"&") {
		t.Errorf("redacted form body: %s", red)
	}
	if reqs := rec.Server().Requests(); reqs[len(reqs)-1].Encoding != "form" || reqs[len(reqs)-1].Status != 200 {
		t.Errorf("the server saw %+v", reqs[len(reqs)-1])
	}
}

func errorsAs(err error, target **tokenclient.HTTPError) bool { return errors.As(err, target) }
