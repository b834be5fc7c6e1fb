package tokenclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

const (
	deviceID   = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
	deviceInfo = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="
)

func demoRequest() tokenclient.TokenRequest {
	return tokenclient.TokenRequest{
		ClientKey:    fakeserver.DemoClientKey,
		ClientSecret: fakeserver.DemoClientSecret,
		DeviceID:     deviceID,
		DeviceInfo:   deviceInfo,
		NetworkType:  "ethernet",
	}
}

// noLeak fails when err's text holds any of the given secrets.
func noLeak(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range append(secrets, fakeserver.DemoClientSecret) {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error text leaks a secret: %s", err)
		}
	}
}

func TestIssueAndRefreshAgainstFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{Strict: true})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL, Timeout: 5 * time.Second})
	ctx := context.Background()

	res, err := c.Issue(ctx, demoRequest())
	if err != nil {
		t.Fatal(err)
	}
	tok := res.Token
	if res.Status != 200 || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("issue result: %+v", res)
	}
	claims, err := srv.Server.ParseAccessToken(tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if claims.DeviceID != deviceID || claims.Cellular || claims.DisplayName != "WEB_DESKTOP_DESKTOP" {
		t.Errorf("claims: %+v", claims)
	}
	if res.Expiry.Relative || res.Expiry.At.Unix() != tok.ExpiresIn || time.Until(res.Expiry.At) < 59*time.Minute {
		t.Errorf("expiry: %+v (expiresIn %d)", res.Expiry, tok.ExpiresIn)
	}
	j := tokenclient.DecodeJWT(tok.AccessToken)
	if !j.IsJWT || j.ExpiresAt == nil || j.ExpiresAt.Unix() != tok.ExpiresIn || j.IssuedAt != nil || j.Problem != "" || !strings.Contains(string(j.Header), `"HS256"`) {
		t.Errorf("decoded: %+v", j)
	}
	var decoded map[string]any
	if err := json.Unmarshal(j.Claims, &decoded); err != nil || decoded["deviceId"] != deviceID || decoded["iss"] != "NFL" {
		t.Errorf("claims JSON: %s (%v)", j.Claims, err)
	}

	// Refresh rotates the refresh token; the old one is then spent.
	ref := tokenclient.RefreshRequest{TokenRequest: demoRequest(), RefreshToken: tok.RefreshToken}
	res2, err := c.Refresh(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Token.RefreshToken == "" || res2.Token.RefreshToken == tok.RefreshToken {
		t.Errorf("refresh token did not rotate: %q", res2.Token.RefreshToken)
	}
	_, err = c.Refresh(ctx, ref)
	var he *tokenclient.HTTPError
	if !errors.As(err, &he) || he.Status != 401 {
		t.Fatalf("reusing a spent refresh token: %v", err)
	}
	noLeak(t, err, tok.RefreshToken, tok.AccessToken, res2.Token.AccessToken, res2.Token.RefreshToken)

	// A signed-in refresh.
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	signed := tokenclient.RefreshRequest{TokenRequest: demoRequest(), RefreshToken: res2.Token.RefreshToken}
	signed.UID, signed.SignatureTimestamp = "user-42", ts
	signed.UIDSignature = fakeserver.SignUID([]byte(fakeserver.DemoUIDKey), "user-42", ts)
	if _, err := c.Refresh(ctx, signed); err != nil {
		t.Fatalf("signed refresh: %v", err)
	}
}

func TestWrongSecretAgainstFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	req := demoRequest()
	req.ClientSecret = "wrong-but-still-secret-value"
	res, err := c.Issue(context.Background(), req)
	var he *tokenclient.HTTPError
	if !errors.As(err, &he) || he.Status != 401 || res == nil || res.Status != 401 {
		t.Fatalf("err = %v", err)
	}
	noLeak(t, err, req.ClientSecret)
}

func TestRateLimitAgainstFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{RateLimit: 1})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	if _, err := c.Issue(context.Background(), demoRequest()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Issue(context.Background(), demoRequest())
	var he *tokenclient.HTTPError
	if !errors.As(err, &he) || he.Status != 429 || he.RetryAfter <= 0 || he.RetryAfter > time.Minute {
		t.Fatalf("err = %v (%+v)", err, he)
	}
}

func TestScriptedFailuresAgainstFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL, Timeout: 2 * time.Second})
	srv.Server.FailNext(1, fakeserver.Fail500)
	srv.Server.FailNext(1, fakeserver.FailDrop)

	_, err := c.Issue(context.Background(), demoRequest())
	var he *tokenclient.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || !strings.Contains(err.Error(), "try again later") {
		t.Errorf("500: %v", err)
	}
	_, err = c.Issue(context.Background(), demoRequest())
	var ne *tokenclient.NetworkError
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "closed the connection") {
		t.Errorf("drop: %v", err)
	}
	if _, err := c.Issue(context.Background(), demoRequest()); err != nil {
		t.Errorf("after the scripted failures: %v", err)
	}
}

func TestSlowFakeServerTimesOut(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{Latency: time.Second})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL, Timeout: 100 * time.Millisecond})
	_, err := c.Issue(context.Background(), demoRequest())
	var ne *tokenclient.NetworkError
	if !errors.As(err, &ne) || !ne.Timeout() || !strings.HasPrefix(err.Error(), "timed out after 100ms") {
		t.Fatalf("err = %v", err)
	}
}

// TestValidateAgreesWithFakeServer sends requests that Validate rejects,
// bypassing validation, and checks that the server refuses them too, so
// the form never blocks a request the service would take or lets through
// one it would refuse for a reason Validate knows.
func TestValidateAgreesWithFakeServer(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	edits := map[string]func(*tokenclient.TokenRequest){
		"clientKey":    func(r *tokenclient.TokenRequest) { r.ClientKey = "" },
		"clientSecret": func(r *tokenclient.TokenRequest) { r.ClientSecret = "" },
		"deviceId":     func(r *tokenclient.TokenRequest) { r.DeviceID = "not-a-uuid" },
		"deviceInfo":   func(r *tokenclient.TokenRequest) { r.DeviceInfo = "bm90IGpzb24=" },
		"networkType":  func(r *tokenclient.TokenRequest) { r.NetworkType = "lte" },
	}
	for field, edit := range edits {
		req := demoRequest()
		edit(&req)
		var ve *tokenclient.ValidationError
		if err := req.Validate(); !errors.As(err, &ve) || ve.For(field) == "" {
			t.Errorf("%s: Validate = %v", field, err)
			continue
		}
		_, err := c.Send(context.Background(), c.PrepareIssue(req))
		var he *tokenclient.HTTPError
		if !errors.As(err, &he) || he.Status/100 != 4 {
			t.Errorf("%s: the fake server accepted what Validate rejects: %v", field, err)
		}
	}
}
