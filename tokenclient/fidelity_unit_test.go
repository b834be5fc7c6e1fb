package tokenclient

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestShapeValidate(t *testing.T) {
	field := func(name, value string) Field { return Field{Name: name, Value: json.RawMessage(value)} }
	tests := []struct {
		name   string
		edit   func(*TokenRequest)
		fields []string
		says   map[string]string
	}{
		{name: "extra fields, headers, user agent, form", edit: func(r *TokenRequest) {
			r.Fields = []Field{field("peacockUUID", `"undefined"`), field("n", `42`), field("o", `{"a":[1,true,null]}`)}
			r.Headers = []Header{{Name: "X-Trace", Value: "abc"}, {Name: "Authorization", Value: "Bearer x"}}
			r.UserAgent, r.Encoding = "okhttp/4.11.0", EncodingForm
		}},
		{name: "uid alone on issue", edit: func(r *TokenRequest) { r.UID = "user-42" }},
		{name: "field collides with a standard one", edit: func(r *TokenRequest) { r.Fields = []Field{field("clientSecret", `"x"`)} },
			fields: []string{"fields"}, says: map[string]string{"fields": `"clientSecret" is a standard field`}},
		{name: "field collides with refreshToken", edit: func(r *TokenRequest) { r.Fields = []Field{field("refreshToken", `"x"`)} },
			fields: []string{"fields"}},
		{name: "field twice", edit: func(r *TokenRequest) { r.Fields = []Field{field("a", `1`), field("a", `2`)} },
			fields: []string{"fields"}, says: map[string]string{"fields": "given twice"}},
		{name: "field not JSON", edit: func(r *TokenRequest) { r.Fields = []Field{field("a", `hello`)} },
			fields: []string{"fields"}, says: map[string]string{"fields": "quote a string"}},
		{name: "field without name", edit: func(r *TokenRequest) { r.Fields = []Field{field("", `1`)} },
			fields: []string{"fields"}, says: map[string]string{"fields": "no name"}},
		{name: "Host header", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "host", Value: "evil"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "the host header cannot be set"}},
		{name: "Content-Length header", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "Content-Length", Value: "1"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "Content-Length header cannot be set"}},
		{name: "Content-Type header", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "Content-Type", Value: "text/plain"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "choose JSON or form"}},
		{name: "User-Agent header", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "User-Agent", Value: "x"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "user agent option"}},
		{name: "header injection", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "X-A", Value: "a\r\nX-B: b"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "control characters"}},
		{name: "bad header name", edit: func(r *TokenRequest) { r.Headers = []Header{{Name: "X A:", Value: "a"}} },
			fields: []string{"headers"}, says: map[string]string{"headers": "not a header name"}},
		{name: "user agent with newline", edit: func(r *TokenRequest) { r.UserAgent = "a\nb" },
			fields: []string{"userAgent"}},
		{name: "unknown encoding", edit: func(r *TokenRequest) { r.Encoding = "xml" },
			fields: []string{"encoding"}, says: map[string]string{"encoding": `use "json" or "form"`}},
		{name: "invalid UTF-8 in key and secret", edit: func(r *TokenRequest) { r.ClientKey += "\xff"; r.ClientSecret += "\xc3" },
			fields: []string{"clientKey", "clientSecret"}, says: map[string]string{"clientKey": "UTF-8", "clientSecret": "UTF-8"}},
		{name: "invalid UTF-8 in device fields", edit: func(r *TokenRequest) { r.DeviceID = "\xff"; r.DeviceInfo = "\xff"; r.NetworkType = "\xff" },
			fields: []string{"deviceId", "deviceInfo", "networkType"}, says: map[string]string{"deviceInfo": "UTF-8"}},
		{name: "invalid UTF-8 in a field value", edit: func(r *TokenRequest) { r.Fields = []Field{field("a", "\"\xff\"")} },
			fields: []string{"fields"}, says: map[string]string{"fields": "UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validIssue()
			tt.edit(&r)
			checkProblems(t, r.Validate(), tt.fields, tt.says)
		})
	}
}

func TestTokenRequestEqual(t *testing.T) {
	a, b := validIssue(), validIssue()
	a.Fields = []Field{{Name: "x", Value: json.RawMessage(`1`)}}
	b.Fields = []Field{{Name: "x", Value: json.RawMessage(`1`)}}
	if !a.Equal(b) {
		t.Error("equal requests differ")
	}
	b.Fields[0].Value = json.RawMessage(`2`)
	if a.Equal(b) {
		t.Error("different field values compare equal")
	}
	b = a
	b.UID = "u"
	if a.Equal(b) {
		t.Error("different uids compare equal")
	}
}

func TestValidateEndpoint(t *testing.T) {
	tests := []struct {
		url      string
		insecure bool
		says     string // "" when valid
	}{
		{"https://api.nfl.com", false, ""},
		{"http://127.0.0.1:8080", false, ""},
		{"http://127.3.2.1", false, ""},
		{"http://[::1]:9000/x", false, ""},
		{"http://LOCALHOST:1", false, ""},
		{"http://example.com", false, `plain http to "example.com"`},
		{"http://10.0.0.1", false, `plain http to "10.0.0.1"`},
		{"http://example.com", true, ""},
		{"http://127.0.0.1:99999", false, `port "99999"`},
		{"http://127.0.0.1:0", false, "from 1 to 65535"},
		{"http://host#@127.0.0.1", false, `its host is "host"`},
		{"http://127.0.0.1@evil.example", false, `its host is "evil.example"`},
		{"ftp://x", false, "not an http(s) URL"},
		{"api.nfl.com", false, "not an http(s) URL"},
		{"https://api.nfl.com\xff", false, "UTF-8"},
	}
	for _, tt := range tests {
		err := ValidateEndpoint(tt.url, tt.insecure)
		var ve *ValidationError
		switch {
		case tt.says == "" && err != nil:
			t.Errorf("ValidateEndpoint(%q) = %v, want nil", tt.url, err)
		case tt.says != "" && (!errors.As(err, &ve) || !strings.Contains(ve.For("endpoint"), tt.says)):
			t.Errorf("ValidateEndpoint(%q) = %v, want an endpoint problem saying %q", tt.url, err, tt.says)
		}
	}
}

func TestSendAppliesEndpointRule(t *testing.T) {
	hit := false
	c, srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hit = true }, time.Second)
	_ = c
	// A form or profile endpoint goes through Send like any other.
	for _, base := range []string{"http://example.com", "http://127.0.0.1:99999", strings.Replace(srv.URL, "127.0.0.1", "host#@127.0.0.1", 1)} {
		_, err := New(Options{BaseURL: base}).Issue(context.Background(), validIssue())
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.For("endpoint") == "" {
			t.Errorf("%s: %v, want an endpoint ValidationError", base, err)
		}
		assertNoSecrets(t, err)
	}
	if hit {
		t.Error("a refused endpoint was contacted")
	}
}

func TestSignUID(t *testing.T) {
	// Known answer: base64 HMAC-SHA1 keyed with base64-decoded "dGVzdC11aWQta2V5"
	// ("test-uid-key") over "1795770000_user-42".
	sig, ts, err := SignUID("dGVzdC11aWQta2V5", "user-42", time.Unix(1795770000, 0))
	if err != nil || sig != "YFcWtfiO71HekMmjLf2I5f508Jg=" || ts != "1795770000" {
		t.Errorf("SignUID = %q, %q, %v", sig, ts, err)
	}
	// Unpadded and surrounded by a newline (from stdin) works too.
	if sig2, _, err := SignUID("dGVzdC11aWQta2V5\n", "user-42", time.Unix(1795770000, 0)); err != nil || sig2 != sig {
		t.Errorf("trimmed secret: %q %v", sig2, err)
	}
	for _, c := range []struct{ secret, uid, says string }{
		{"", "u", "empty"},
		{"not base64 s3cret!", "u", "not standard base64"},
		{"dGVzdC11aWQta2V5", "", "uid is required"},
		{"dGVzdC11aWQta2V5", " u", "spaces"},
	} {
		_, _, err := SignUID(c.secret, c.uid, time.Now())
		if err == nil || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("SignUID(%q, %q) = %v, want %q", c.secret, c.uid, err, c.says)
		}
	}
}

func TestResponseChecks(t *testing.T) {
	for _, c := range []struct{ name, body, says string }{
		{"duplicate accessToken", `{"accessToken":"a.b.c","accessToken":"x","expiresIn":1758732647,"refreshToken":"r"}`, `"accessToken" appears more than once`},
		{"duplicate other key", `{"accessToken":"a","expiresIn":1,"expiresIn":2,"refreshToken":"r"}`, `"expiresIn" appears more than once`},
		{"OSC 52 in access token", `{"accessToken":"a\u001b]52;c;ZXZpbA==\u0007","expiresIn":1758732647,"refreshToken":"r"}`, "accessToken contains a control character"},
		{"newline in access token", `{"accessToken":"a\nX-Injected: 1","expiresIn":1758732647,"refreshToken":"r"}`, "accessToken contains a control character"},
		{"space in refresh token", `{"accessToken":"a","expiresIn":1758732647,"refreshToken":"r r"}`, "refreshToken contains a space"},
		{"C1 in refresh token", `{"accessToken":"a","expiresIn":1758732647,"refreshToken":"r\u009b2J"}`, "refreshToken contains a character that is not visible ASCII"},
	} {
		_, reason := parseTokenResponse([]byte(c.body), "application/json")
		if !strings.Contains(reason, c.says) {
			t.Errorf("%s: reason %q, want %q", c.name, reason, c.says)
		}
		if strings.Contains(reason, "ZXZpbA") || strings.Contains(reason, "Injected") {
			t.Errorf("%s: the reason quotes the token: %q", c.name, reason)
		}
	}
	if tr, reason := parseTokenResponse([]byte(`{"accessToken":"opaque-Token_1.2~x","expiresIn":1758732647,"refreshToken":"0f5452b5-7f40-4c8e-9801-cf7fd2830de3","additionalInfo":{"a":1}}`), ""); reason != "" || tr.AccessToken != "opaque-Token_1.2~x" {
		t.Errorf("an opaque token was refused: %q", reason)
	}
}

func TestRedactedFormHeadersAndCurl(t *testing.T) {
	r := validRefresh()
	r.Encoding = EncodingForm
	r.UID, r.UIDSignature, r.SignatureTimestamp = "user-42", testUIDSignature, "1758729047"
	r.Headers = []Header{{Name: "Authorization", Value: "Bearer " + testAccessToken}, {Name: "X-Trace", Value: "t"}, {Name: "accept", Value: "*/*"}}
	p := New(Options{}).PrepareRefresh(r)
	if got := p.Header.Values("Accept"); len(got) != 1 || got[0] != "*/*" {
		t.Errorf("Accept = %q, want the extra one only", got)
	}
	red := p.Redacted()
	text := red.HTTP() + red.Curl()
	for _, s := range []string{testSecret, testRefreshToken, testUIDSignature, testAccessToken} {
		if strings.Contains(text, s) {
			t.Errorf("redacted form request shows %q:\n%s", s[:6], text)
		}
	}
	if !strings.Contains(red.HTTP(), "Content-Length: "+strconv.Itoa(len(p.Body))) || !strings.Contains(red.HTTP(), "X-Trace: t") {
		t.Errorf("redacted HTTP:\n%s", red.HTTP())
	}
	for _, v := range []string{`'"$AUTHDECK_CLIENT_SECRET"'`, `'"$AUTHDECK_REFRESH_TOKEN"'`, `'"$AUTHDECK_UID_SIGNATURE"'`} {
		if !strings.Contains(red.Curl(), v) {
			t.Errorf("redacted curl lacks %s:\n%s", v, red.Curl())
		}
	}
}

// TestRedactedCurlRuns runs the redacted curl command of a JSON request
// through sh with curl replaced by printf, and checks the body it would
// send is the original.
func TestRedactedCurlRuns(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh: %v", err)
	}
	r := validRefresh()
	r.UID, r.UIDSignature, r.SignatureTimestamp = "user-42", testUIDSignature, "1758729047"
	r.Fields = []Field{{Name: "peacockUUID", Value: json.RawMessage(`"it's"`)}}
	p := New(Options{}).PrepareRefresh(r)
	script := "curl() { for a; do last=$a; done; printf '%s' \"$last\"; }\n" + p.Redacted().Curl() + "\n"
	cmd := exec.Command(sh, "-c", script)
	cmd.Env = append(os.Environ(), EnvClientSecret+"="+testSecret, EnvRefreshToken+"="+testRefreshToken, EnvUIDSignature+"="+testUIDSignature)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	if string(out) != string(p.Body) {
		t.Errorf("redacted curl sends\n%s\nwant\n%s", out, p.Body)
	}
}

func TestDecodeRealShapedJWT(t *testing.T) {
	// The contract's example access token: no iat, jti or sub.
	const example = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGllbnRJZCI6ImIxYzdmNGQyLTBhM2UtNGM1NS05ZTFmLTdkMmE4YzZiNWU0MCIsImNsaWVudEtleSI6IjRjRlVXNkRtd0pwelQ5TDdMckczcVJBY0FCRzVzMDRnIiwiaXNzIjoiTkZMIiwiZGV2aWNlSWQiOiIzY2ZkZWYzNS1jN2ZlLTRmMmQtODYzMC0xZWM3MmY1MmI0NGQiLCJwbGFucyI6W3sicGxhbiI6ImZyZWUiLCJzb3VyY2UiOiJORkwiLCJzdGF0dXMiOiJBQ1RJVkUiLCJzdGFydERhdGUiOiIyMDI0LTAxLTAxIiwiZXhwaXJhdGlvbkRhdGUiOiIyMTI1LTAxLTAxIiwidHJpYWwiOmZhbHNlfV0sIkRpc3BsYXlOYW1lIjoiV0VCX0RFU0tUT1BfREVTS1RPUCIsImZvcm1GYWN0b3IiOiJERVNLVE9QIiwicGxhdGZvcm0iOiJERVNLVE9QIiwicHJvZHVjdE5hbWUiOiJXRUIiLCJicm93c2VyIjoiQ2hyb21lIiwiY2VsbHVsYXIiOmZhbHNlLCJjb3VudHJ5Q29kZSI6IlVTIiwiZG1hQ29kZSI6IjUwMSIsImhtYVRlYW1zIjpbIjEwNDAzMDAwLTU4NTEtZjlkNS1kYTQ1LTc4MzY1YTA1YjZiMCJdLCJyZWdpb24iOiJOWSIsImNpdHkiOiJuZXcgeW9yayIsImVudmlyb25tZW50IjoicHJvZHVjdGlvbiIsInJvbGVzIjpbImZyZWUiXSwiZXhwIjoxNzU4NzMyNjQ3fQ.4mkBxH2j-sxqJWmAzqzz4_4gbeybsUBFB5NxACAp9J8"
	j := DecodeJWT(example)
	if !j.IsJWT || j.Problem != "" || j.IssuedAt != nil || j.NotBefore != nil || j.ExpiresAt == nil || j.ExpiresAt.Unix() != 1758732647 {
		t.Errorf("DecodeJWT = %+v", j)
	}
	if !strings.Contains(string(j.Claims), `"DisplayName": "WEB_DESKTOP_DESKTOP"`) {
		t.Errorf("claims: %s", j.Claims)
	}
	if e := ExpiryOf(1758732647, time.Unix(1758729047, 0)); e.Relative || e.At.Unix() != 1758732647 {
		t.Errorf("ExpiryOf = %+v", e)
	}
}

func TestFormValue(t *testing.T) {
	for raw, want := range map[string]string{`"a b"`: "a b", `42`: "42", `{ "a" : 1 }`: `{"a":1}`, `null`: "null", `true`: "true"} {
		if got := FormValue(json.RawMessage(raw)); got != want {
			t.Errorf("FormValue(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestSignedIn(t *testing.T) {
	r := validRefresh()
	if r.SignedIn() {
		t.Error("an anonymous request is signed in")
	}
	r.UID = "user-42"
	if !r.SignedIn() {
		t.Error("a request with uid is not signed in")
	}
}
