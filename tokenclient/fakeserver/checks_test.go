package fakeserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func TestRouteAndMethod(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))

	rec := post(t, srv, "/identity/v3/tokens", issueBody())
	wantError(t, rec, http.StatusNotFound, fakeserver.CodeNotFound, "", fakeserver.IssuePath)

	for _, path := range []string{fakeserver.IssuePath, fakeserver.RefreshPath} {
		for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodOptions} {
			req := httptest.NewRequest(method, path, strings.NewReader("not even JSON"))
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			wantError(t, rec, http.StatusMethodNotAllowed, fakeserver.CodeMethodNotAllowed, "", method, "POST")
			if got := rec.Header().Get("Allow"); got != "POST" {
				t.Errorf("%s %s: Allow %q, want POST", method, path, got)
			}
		}
	}
}

func TestBodyMustBeJSONObject(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	for name, body := range map[string]string{
		"empty":     "",
		"spaces":    "  \n",
		"array":     `[{"clientKey":"x"}]`,
		"string":    `"hello"`,
		"number":    `42`,
		"truncated": `{"clientKey":"abc"`,
		"garbage":   `{clientKey: abc}`,
		"trailing":  `{"clientKey":"abc"} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, post(t, srv, fakeserver.IssuePath, body), http.StatusBadRequest,
				fakeserver.CodeInvalidRequest, "", "JSON")
		})
	}
}

func TestBodyTooLarge(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	b := issueBody()
	b["padding"] = strings.Repeat("x", fakeserver.MaxBodySize)
	wantError(t, post(t, srv, fakeserver.IssuePath, b), http.StatusRequestEntityTooLarge,
		fakeserver.CodeTooLarge, "", "65536")

	// Just under the limit is fine.
	b["padding"] = strings.Repeat("x", fakeserver.MaxBodySize-400)
	tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
}

func TestRequiredFields(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	issueFields := []string{"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType"}
	for _, path := range []string{fakeserver.IssuePath, fakeserver.RefreshPath} {
		fields := issueFields
		if path == fakeserver.RefreshPath {
			fields = append(issueFields, "refreshToken")
		}
		for _, f := range fields {
			for _, c := range []struct {
				name  string
				value any // nil: remove the field
				msg   string
			}{
				{"missing", nil, f + " is required"},
				{"null", "null", f + " is required"},
				{"empty", "", f + " must not be empty"},
				{"number", 12, f + " must be a JSON string"},
				{"object", map[string]any{}, f + " must be a JSON string"},
			} {
				t.Run(path+"/"+f+"/"+c.name, func(t *testing.T) {
					b := refreshBody("f4f3e1a8-5b3e-4c1e-9d7a-2b9c8e6f1a00")
					switch c.value {
					case nil:
						delete(b, f)
					case "null":
						b[f] = nil
					default:
						b[f] = c.value
					}
					wantError(t, post(t, srv, path, b), http.StatusBadRequest, fakeserver.CodeInvalidRequest, f, c.msg)
				})
			}
		}
	}
}

func TestFieldFormats(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	for _, c := range []struct {
		name, field, value string
		msg                []string
	}{
		{"networkType unknown", "networkType", "5g", []string{"networkType must be one of other, wifi, cellular, ethernet"}},
		{"networkType case", "networkType", "WiFi", []string{"networkType"}},
		{"deviceInfo not base64", "deviceInfo", "not base64!", []string{"deviceInfo", "base64"}},
		{"deviceInfo unpadded", "deviceInfo", strings.TrimRight(testInfo, "="), []string{"deviceInfo", "padding"}},
		{"deviceInfo not JSON", "deviceInfo", "aGVsbG8=", []string{"deviceInfo", "JSON"}},
		{"deviceInfo not object", "deviceInfo", "WzEsMl0=", []string{"deviceInfo", "object"}},
		{"deviceId not uuid", "deviceId", "my-laptop", []string{"deviceId must be a UUID"}},
		{"deviceId bare hex", "deviceId", strings.ReplaceAll(testDeviceID, "-", ""), []string{"deviceId must be a UUID"}},
		{"deviceId braces", "deviceId", "{" + testDeviceID + "}", []string{"deviceId must be a UUID"}},
		{"deviceId bad hex", "deviceId", "3cfdef35-c7fe-4f2d-8630-1ec72f52b44g", []string{"deviceId must be a UUID"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := issueBody()
			b[c.field] = c.value
			wantError(t, post(t, srv, fakeserver.IssuePath, b), http.StatusBadRequest,
				fakeserver.CodeInvalidRequest, c.field, c.msg...)
		})
	}

	// A deviceInfo object without the four usual keys is still accepted:
	// the check is "base64 of a JSON object", as some clients send others.
	b := issueBody()
	b["deviceInfo"] = "eyJtb2RlbCI6InBob25lIn0=" // {"model":"phone"}
	tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
	// Upper-case UUIDs are UUIDs.
	b["deviceId"] = strings.ToUpper(testDeviceID)
	tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
}

func TestClientAuth(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	b := issueBody()
	b["clientKey"] = "someone-elses-key-123456"
	wantError(t, post(t, srv, fakeserver.IssuePath, b), http.StatusUnauthorized,
		fakeserver.CodeInvalidClient, "clientKey", "clientKey is not a registered client")

	for _, wrong := range []string{"Wr0ngSecret", testSecret + "x", testSecret[:len(testSecret)-1], " " + testSecret} {
		b := issueBody()
		b["clientSecret"] = wrong
		e := wantError(t, post(t, srv, fakeserver.IssuePath, b), http.StatusUnauthorized,
			fakeserver.CodeInvalidClient, "clientSecret", "clientSecret is wrong")
		if strings.Contains(e.Message, testSecret) || strings.Contains(e.Message, wrong) {
			t.Errorf("message %q echoes a secret", e.Message)
		}
	}
}

func TestDemoClientWhenNoneConfigured(t *testing.T) {
	srv := fakeserver.New(fakeserver.Config{})
	b := issueBody()
	b["clientKey"], b["clientSecret"] = fakeserver.DemoClientKey, fakeserver.DemoClientSecret
	tokenOf(t, post(t, srv, fakeserver.IssuePath, b))

	wantError(t, post(t, srv, fakeserver.IssuePath, issueBody()), http.StatusUnauthorized,
		fakeserver.CodeInvalidClient, "clientKey")
}

// TestCheckOrder starts from a body that fails every check and fixes one
// problem at a time: each response must name the earliest remaining one.
func TestCheckOrder(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	b := map[string]any{
		"clientKey":    "unknown-client-key-000000",
		"clientSecret": "wrong",
		"deviceId":     "not-a-uuid",
		"deviceInfo":   "%%%",
		"networkType":  "carrier-pigeon",
	}
	steps := []struct {
		status       int
		field        string
		fix          string
		value        any
		method, path string
	}{
		{http.StatusNotFound, "", "", nil, "", "/identity/v2/token"},
		{http.StatusMethodNotAllowed, "", "", nil, http.MethodGet, ""},
		{http.StatusBadRequest, "networkType", "networkType", "cellular", "", ""},
		{http.StatusBadRequest, "deviceInfo", "deviceInfo", testInfo, "", ""},
		{http.StatusBadRequest, "deviceId", "deviceId", testDeviceID, "", ""},
		{http.StatusUnauthorized, "clientKey", "clientKey", testKey, "", ""},
		{http.StatusUnauthorized, "clientSecret", "clientSecret", testSecret, "", ""},
		{http.StatusOK, "", "", nil, "", ""},
	}
	for _, st := range steps {
		method, path := http.MethodPost, fakeserver.IssuePath
		if st.method != "" {
			method = st.method
		}
		if st.path != "" {
			path = st.path
		}
		req := httptest.NewRequest(method, path, strings.NewReader(mustJSON(t, b)))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != st.status {
			t.Fatalf("%s %s: status %d, want %d (body %s)", method, path, rec.Code, st.status, rec.Body)
		}
		if st.field != "" {
			if e := decodeError(t, rec); e.Field != st.field {
				t.Fatalf("field %q, want %q (message %q)", e.Field, st.field, e.Message)
			}
		}
		if st.fix != "" {
			b[st.fix] = st.value
		}
	}
}
