package fakeserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

const (
	testKey      = "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g"
	testSecret   = "CZuvCL49d9OwfGsR-test-secret"
	testDeviceID = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
	testInfo     = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="
)

// t0 is the fake clock's start, a fixed instant so token times are exact.
var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// fakeClock is a settable clock for SetNow / Config.Now.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

// testConfig registers the test client and a fixed clock.
func testConfig(clock *fakeClock) fakeserver.Config {
	return fakeserver.Config{
		Clients:    map[string]string{testKey: testSecret},
		SigningKey: []byte("test-signing-key"),
		UIDKey:     []byte("test-uid-key"),
		Now:        clock.Now,
	}
}

// issueBody is a valid issue request as a map, for tests to spoil.
func issueBody() map[string]any {
	return map[string]any{
		"clientKey":    testKey,
		"clientSecret": testSecret,
		"deviceId":     testDeviceID,
		"deviceInfo":   testInfo,
		"networkType":  "wifi",
	}
}

// refreshBody is a valid refresh request for refreshToken.
func refreshBody(refreshToken string) map[string]any {
	b := issueBody()
	b["refreshToken"] = refreshToken
	return b
}

// post sends body (a string is sent as is, anything else as JSON) straight
// to the handler.
func post(t testing.TB, h http.Handler, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case string:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// tokenOf decodes a 200 response, failing the test on anything else.
func tokenOf(t testing.TB, rec *httptest.ResponseRecorder) tokenResponse {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
	}
	var tok tokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil {
		t.Fatalf("200 body is not a token response: %v: %s", err, rec.Body)
	}
	return tok
}

// tokenResponse is the contract's 200 body.
type tokenResponse struct {
	AccessToken  string `json:"accessToken"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
}

// wantError checks status, JSON content type, error code and field, and
// that the message mentions each of msgParts.
func wantError(t testing.TB, rec *httptest.ResponseRecorder, status int, code, field string, msgParts ...string) fakeserver.ErrorBody {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e fakeserver.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, rec.Body)
	}
	if e.Error != code || e.Field != field {
		t.Errorf("error %q field %q, want %q field %q (message %q)", e.Error, e.Field, code, field, e.Message)
	}
	for _, p := range msgParts {
		if !strings.Contains(e.Message, p) {
			t.Errorf("message %q does not mention %q", e.Message, p)
		}
	}
	return e
}
