package tokenclient

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestPrepareIssue(t *testing.T) {
	c := New(Options{BaseURL: "https://id.example/base/"})
	p := c.PrepareIssue(validIssue())
	if p.Method != "POST" || p.URL != "https://id.example/base/identity/v3/token" {
		t.Errorf("method/url = %s %s", p.Method, p.URL)
	}
	wantBody := `{"clientKey":"` + testKey + `","clientSecret":"` + testSecret + `","deviceId":"` + testDeviceID +
		`","deviceInfo":"` + testDeviceInfo + `","networkType":"wifi"}`
	if string(p.Body) != wantBody {
		t.Errorf("body =\n%s\nwant\n%s", p.Body, wantBody)
	}
	for k, v := range map[string]string{"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "authdeck/" + Version} {
		if got := p.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if len(p.Header) != 3 {
		t.Errorf("unexpected headers: %v", p.Header)
	}
}

func TestPrepareRefreshBodyOrder(t *testing.T) {
	r := validRefresh()
	p := New(Options{}).PrepareRefresh(r)
	if p.URL != DefaultBaseURL+RefreshPath {
		t.Errorf("url = %s", p.URL)
	}
	if !bytes.HasSuffix(p.Body, []byte(`"networkType":"wifi","refreshToken":"`+testRefreshToken+`"}`)) {
		t.Errorf("anonymous refresh body should end with refreshToken and omit uid fields: %s", p.Body)
	}
	r.UID, r.UIDSignature, r.SignatureTimestamp = "u<1>", testUIDSignature, "1758729047"
	p = New(Options{}).PrepareRefresh(r)
	if !bytes.HasSuffix(p.Body, []byte(`"refreshToken":"`+testRefreshToken+`","uid":"u<1>","signatureTimestamp":"1758729047","uidSignature":"`+testUIDSignature+`"}`)) {
		t.Errorf("signed refresh body (no HTML escaping): %s", p.Body)
	}
}

func TestRedactedHTTP(t *testing.T) {
	r := validRefresh()
	r.ClientSecret = `se"cr\et` + testSecret // needs JSON escaping
	p := New(Options{BaseURL: "http://127.0.0.1:8080", UserAgent: "authdeck/1.2.3"}).PrepareRefresh(r)
	red := p.Redacted()
	if !red.IsRedacted() || p.IsRedacted() {
		t.Fatal("IsRedacted is wrong")
	}
	text := red.HTTP()
	want := "POST /identity/v3/token/refresh HTTP/1.1\n" +
		"Host: 127.0.0.1:8080\n" +
		"User-Agent: authdeck/1.2.3\n" +
		"Content-Length: " + strconv.Itoa(len(p.Body)) + "\n" +
		"Accept: application/json\n" +
		"Content-Type: application/json\n" +
		"\n" +
		`{"clientKey":"` + testKey + `","clientSecret":"` + Mask + `","deviceId":"` + testDeviceID +
		`","deviceInfo":"` + testDeviceInfo + `","networkType":"wifi","refreshToken":"` + Mask + `"}`
	if text != want {
		t.Errorf("Redacted().HTTP() =\n%s\nwant\n%s", text, want)
	}
	if strings.Contains(text, testSecret) || strings.Contains(text, testRefreshToken) {
		t.Error("redacted text leaks a secret")
	}
	// The original is untouched and renders the real values.
	if !strings.Contains(p.HTTP(), testSecret) || !strings.Contains(p.HTTP(), testRefreshToken) {
		t.Error("the original should keep its secrets")
	}
	// Only the masked values differ.
	if strings.Replace(strings.Replace(p.HTTP(), `se\"cr\\et`+testSecret, Mask, 1), testRefreshToken, Mask, 1) != text {
		t.Errorf("redacted and original differ beyond the masked values:\n%s\n%s", p.HTTP(), text)
	}
	if red.Redacted().HTTP() != text {
		t.Error("redacting twice changed the text")
	}
}

func TestRedactedKeepsEmptySecretVisible(t *testing.T) {
	r := validIssue()
	r.ClientSecret = ""
	red := New(Options{}).PrepareIssue(r).Redacted()
	if !strings.Contains(string(red.Body), `"clientSecret":""`) {
		t.Errorf("an empty secret should stay visibly empty: %s", red.Body)
	}
}

func TestCurlRunsWithSameBytes(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh: %v", err)
	}
	r := validIssue()
	r.ClientSecret = `it's "quoted" $HOME ` + "`x` \\ !"
	p := New(Options{BaseURL: "http://127.0.0.1:9"}).PrepareIssue(r)
	cmd := p.Curl()
	if !strings.HasPrefix(cmd, "curl ") {
		t.Fatalf("curl command: %s", cmd)
	}
	// Run it with curl replaced by a function that prints each argument
	// NUL-terminated, so the exact words the shell passes can be checked.
	script := `curl() { for a in "$@"; do printf '%s\0' "$a"; done; }` + "\n" + cmd
	out, err := exec.Command(sh, "-c", script).Output()
	if err != nil {
		t.Fatalf("running the curl command: %v\n%s", err, cmd)
	}
	args := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	want := []string{"-sS", p.URL,
		"-H", "User-Agent: " + p.Header.Get("User-Agent"),
		"-H", "Accept: application/json",
		"-H", "Content-Type: application/json",
		"--data-raw", string(p.Body)}
	if strings.Join(args, "\n") != strings.Join(want, "\n") {
		t.Errorf("shell words =\n%q\nwant\n%q", args, want)
	}
}

func FuzzRedacted(f *testing.F) {
	f.Add(testSecret, testRefreshToken, "k")
	f.Add(`"quote\`, "", `"clientSecret":"x"`)
	f.Add("wifi", "wifi", "wifi")
	f.Fuzz(func(t *testing.T, secret, refresh, key string) {
		r := validRefresh()
		r.ClientSecret, r.RefreshToken, r.ClientKey = secret, refresh, key
		p := New(Options{}).PrepareRefresh(r)
		red := p.Redacted()
		var got, orig RefreshRequest
		if err := json.Unmarshal(red.Body, &got); err != nil {
			t.Fatalf("redacted body is not JSON: %v\n%s", err, red.Body)
		}
		if err := json.Unmarshal(p.Body, &orig); err != nil {
			t.Fatal(err)
		}
		want := orig
		want.ClientSecret, want.RefreshToken = MaskSecret(orig.ClientSecret), MaskSecret(orig.RefreshToken)
		if !got.Equal(want.TokenRequest) || got.RefreshToken != want.RefreshToken {
			t.Fatalf("redacted = %+v, want %+v", got, want)
		}
	})
}
