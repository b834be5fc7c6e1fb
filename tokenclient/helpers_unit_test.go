package tokenclient

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestMaskKey(t *testing.T) {
	tests := map[string]string{
		"4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g": "4cFU…s04g",
		"short-key":                        "short-key", // a client key is not a secret
		"k":                                "k",
		"":                                 "",
		"0123456789abcdef":                 "0123…cdef",
		"0123456789":                       "0123…6789",
	}
	for in, want := range tests {
		if got := MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskSecret(t *testing.T) {
	if MaskSecret("") != "" {
		t.Error(`MaskSecret("") should stay empty`)
	}
	if a, b := MaskSecret("x"), MaskSecret(testSecret); a != Mask || b != Mask {
		t.Errorf("MaskSecret should hide the length: %q %q", a, b)
	}
}

func TestExpiryOf(t *testing.T) {
	received := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if e := ExpiryOf(1758732647, received); e.Relative || !e.At.Equal(time.Unix(1758732647, 0)) {
		t.Errorf("absolute: %+v", e)
	}
	if e := ExpiryOf(3600, received); !e.Relative || !e.At.Equal(received.Add(time.Hour)) {
		t.Errorf("relative: %+v", e)
	}
	if e := ExpiryOf(999_999_999, received); !e.Relative {
		t.Errorf("just under 1e9 should be relative: %+v", e)
	}
	if e := ExpiryOf(1_000_000_000, received); e.Relative {
		t.Errorf("1e9 should be absolute: %+v", e)
	}
	if e := ExpiryOf(-1<<62, received); !e.At.Equal(received) {
		t.Errorf("negative should mean expired on receipt: %+v", e)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 0 ", 0},
		{"99999", MaxRetryAfter},
		{"99999999999999999999999", MaxRetryAfter},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), MaxRetryAfter},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{now.Add(30 * time.Second).Format(time.RFC850), 30 * time.Second},
		{"-5", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	page := "<!DOCTYPE html>\n<html><head><title>Sign in</title><style>body{color:red}</style></head>" +
		"<body><script>var x = 1;</script><h1>Welcome &amp; sign in</h1>\x00\x1b[31m<p>" +
		strings.Repeat("lorem ipsum ", 60) + "</p></body></html>"
	got := excerpt([]byte(page), "text/html; charset=utf-8", nil)
	if !strings.HasPrefix(got, "Welcome & sign in") {
		t.Errorf("HTML excerpt should start with the visible text: %q", got)
	}
	for _, bad := range []string{"<", ">", "color:red", "var x", "Sign in"} {
		if strings.Contains(got, bad) {
			t.Errorf("HTML excerpt contains %q: %q", bad, got)
		}
	}
	if n := utf8.RuneCountInString(got); n > excerptLen {
		t.Errorf("excerpt has %d characters, want at most %d", n, excerptLen)
	}
	if !strings.HasSuffix(got, "…") {
		t.Errorf("cut excerpt should end in …: %q", got)
	}
	if strings.IndexFunc(got, unicode.IsControl) >= 0 {
		t.Errorf("excerpt has control characters: %q", got)
	}

	body := `{"error":"bad secret ` + testSecret + `","accessToken":"abc\"def","refresh_token":"zzz",` +
		`"token":"` + testAccessToken + `","note":"` + testAccessToken + `"}`
	got = excerpt([]byte(body), "application/json", []string{testSecret})
	for _, leak := range []string{testSecret, "abc", "zzz", testAccessToken, "eyJ"} {
		if strings.Contains(got, leak) {
			t.Errorf("excerpt leaks %q: %q", leak, got)
		}
	}
	if !strings.Contains(got, `"accessToken":"`+Mask+`"`) {
		t.Errorf("token value should be masked in place: %q", got)
	}

	if got := excerpt([]byte("\xff\xfeok\r\n\tthere"), "", nil); got != "�ok there" {
		t.Errorf("invalid UTF-8 and whitespace: %q", got)
	}
}

func TestDecodeJWT(t *testing.T) {
	// The example from the API contract.
	const example = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJpZGVudGl0eS5leGFtcGxlIiwic3ViIjoiM2NmZGVmMzUtYzdmZS00ZjJkLTg2MzAtMWVjNzJmNTJiNDRkIiwiY2xpZW50S2V5IjoiNGNGVVc2RG13SnB6VDlMN0xyRzNxUkFjQUJHNXMwNGciLCJkZXZpY2VJZCI6IjNjZmRlZjM1LWM3ZmUtNGYyZC04NjMwLTFlYzcyZjUyYjQ0ZCIsIm5ldHdvcmtUeXBlIjoib3RoZXIiLCJyb2xlcyI6WyJmcmVlIl0sInBsYW5zIjpbXSwiaWF0IjoxNzU4NzI5MDQ3LCJleHAiOjE3NTg3MzI2NDd9.m1_VHHARd0Zmo2mgeiLIlm2QrRk53RNRfyAsQ-SAGP4"
	j := DecodeJWT(example)
	if !j.IsJWT || j.Problem != "" {
		t.Fatalf("example: IsJWT=%v Problem=%q", j.IsJWT, j.Problem)
	}
	if !strings.Contains(string(j.Header), "\n  \"alg\": \"HS256\"") {
		t.Errorf("header not indented JSON: %s", j.Header)
	}
	if !strings.Contains(string(j.Claims), `"networkType": "other"`) {
		t.Errorf("claims: %s", j.Claims)
	}
	if j.IssuedAt == nil || j.IssuedAt.Unix() != 1758729047 || j.ExpiresAt == nil || j.ExpiresAt.Unix() != 1758732647 {
		t.Errorf("iat/exp = %v / %v", j.IssuedAt, j.ExpiresAt)
	}
	if j.NotBefore != nil {
		t.Errorf("nbf should be nil, got %v", j.NotBefore)
	}
	if d := DecodeJWT("Bearer " + example); !d.IsJWT {
		t.Errorf("a Bearer prefix should be tolerated: %q", d.Problem)
	}

	seg := func(s string) string { return strings.TrimRight(b64url(s), "=") }
	frac := DecodeJWT(seg(`{"alg":"none"}`) + "." + seg(`{"nbf":1700000000.5,"exp":"tomorrow"}`) + ".")
	if !frac.IsJWT || frac.NotBefore == nil || frac.NotBefore.UnixMilli() != 1700000000500 {
		t.Errorf("fractional nbf: %+v", frac)
	}
	if frac.ExpiresAt != nil || !strings.Contains(frac.Problem, "exp") {
		t.Errorf("a non-numeric exp should be nil with a Problem: %+v", frac)
	}

	for _, tok := range []string{"", "0f5452b5-7f40-4c8e-9801-cf7fd2830de3", "a.b.c", "a.b.c.d.e", "...",
		seg(`{"alg":"HS256"}`) + ".bm90IGpzb24.x", seg(`[1]`) + "." + seg(`{}`) + ".x",
		seg(`{"alg":"HS256"}`) + "." + seg(`{"exp":1e300}`) + ".x"} {
		j := DecodeJWT(tok)
		if j.Problem == "" {
			t.Errorf("DecodeJWT(%q): want a Problem, got %+v", tok, j)
		}
	}
	if j := DecodeJWT("0f5452b5-7f40-4c8e-9801-cf7fd2830de3"); j.IsJWT || !strings.Contains(j.Problem, "not a JWT") {
		t.Errorf("opaque token: %+v", j)
	}
}

func b64url(s string) string {
	return strings.NewReplacer("+", "-", "/", "_").Replace(b64(s))
}
