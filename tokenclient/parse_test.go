package tokenclient

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseTokenResponse(t *testing.T) {
	ok := `{"accessToken":"` + testAccessToken + `","expiresIn":1758732647,"refreshToken":"` + testRefreshToken + `"}`
	tr, reason := parseTokenResponse([]byte(ok), "application/json")
	if reason != "" || tr.AccessToken != testAccessToken || tr.ExpiresIn != 1758732647 || tr.RefreshToken != testRefreshToken {
		t.Fatalf("valid body: %+v, %q", tr, reason)
	}
	bad := map[string]string{
		"":                                       "empty",
		"   \n":                                  "empty",
		"<html><body>hi</body></html>":           "HTML",
		`{"accessToken":"x","expiresIn":1}`:      "", // ok: refreshToken is optional
		"not json":                               "not JSON",
		`{"accessToken":"x"`:                     "not JSON",
		"[1,2]":                                  "not an object",
		"null":                                   "not an object",
		`"token"`:                                "not an object",
		`{}`:                                     "accessToken is missing",
		`{"accessToken":"","expiresIn":1}`:       "accessToken is empty",
		`{"accessToken":null,"expiresIn":1}`:     "accessToken is missing",
		`{"accessToken":42,"expiresIn":1}`:       "accessToken is not a string",
		`{"accessToken":"x"}`:                    "expiresIn is missing",
		`{"accessToken":"x","expiresIn":"3600"}`: "not an integer",
		`{"accessToken":"x","expiresIn":3600.5}`: "not an integer",
		`{"accessToken":"x","expiresIn":1e9}`:    "not an integer",
		`{"accessToken":"x","expiresIn":null}`:   "not an integer",
		`{"accessToken":"x","expiresIn":-1}`:     "negative",
		`{"accessToken":"x","expiresIn":99999999999999999999}`: "not an integer",
		`{"accessToken":"x","expiresIn":1,"refreshToken":7}`:   "refreshToken is not a string",
	}
	for body, want := range bad {
		_, reason := parseTokenResponse([]byte(body), "application/json")
		if want == "" && reason != "" || !strings.Contains(reason, want) {
			t.Errorf("parse(%q) reason = %q, want it to contain %q", body, reason, want)
		}
	}
	if _, reason := parseTokenResponse([]byte(ok), "text/html"); !strings.Contains(reason, "HTML") {
		t.Errorf("an HTML content type should be rejected, got %q", reason)
	}
}

func FuzzParseTokenResponse(f *testing.F) {
	f.Add([]byte(`{"accessToken":"a.b.c","expiresIn":1758732647,"refreshToken":"r"}`), "application/json")
	f.Add([]byte(`{"accessToken":"a","expiresIn":3600}`), "")
	f.Add([]byte(`{"accessToken":"","expiresIn":"1"}`), "application/json")
	f.Add([]byte(`<!doctype html><p>x`), "text/html")
	f.Add([]byte(`[]`), "")
	f.Add([]byte("\xff\x00{"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		tr, reason := parseTokenResponse(body, contentType)
		if reason == "" {
			if tr.AccessToken == "" || tr.ExpiresIn < 0 {
				t.Fatalf("accepted a response without a usable token: %+v", tr)
			}
			// What was accepted survives a round trip.
			again, reason2 := parseTokenResponse(mustJSON(t, tr), "application/json")
			if reason2 != "" || again != tr {
				t.Fatalf("round trip: %+v %q vs %+v", again, reason2, tr)
			}
			return
		}
		if tr != (TokenResponse{}) {
			t.Fatalf("rejected body (%s) still returned a token: %+v", reason, tr)
		}
		// Building the error's excerpt never panics and stays short.
		if ex := excerpt(body, contentType, nil); len([]rune(ex)) > excerptLen {
			t.Fatalf("excerpt too long: %d", len([]rune(ex)))
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzDecodeJWT(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NTg3MzI2NDd9.sig")
	f.Add("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJ4In0.sig")
	f.Add("not-a-jwt")
	f.Add("a.b.c.d.e")
	f.Add("Bearer ..")
	f.Fuzz(func(t *testing.T, tok string) {
		j := DecodeJWT(tok)
		if j.IsJWT {
			if !json.Valid(j.Header) || !json.Valid(j.Claims) {
				t.Fatalf("IsJWT with invalid JSON: %s / %s", j.Header, j.Claims)
			}
		} else if j.Problem == "" {
			t.Fatal("not a JWT but no Problem given")
		}
		for _, tm := range []*time.Time{j.IssuedAt, j.NotBefore, j.ExpiresAt} {
			if tm != nil && (tm.Year() < -30000 || tm.Year() > 40000) {
				t.Fatalf("time claim out of range: %v", tm)
			}
		}
	})
}
