package fakeserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func decodeError(t testing.TB, rec *httptest.ResponseRecorder) fakeserver.ErrorBody {
	t.Helper()
	var e fakeserver.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, rec.Body)
	}
	return e
}

func mustJSONNoT(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// tokenOfRaw returns a 200 response's body, failing the test on anything else.
func tokenOfRaw(t testing.TB, rec *httptest.ResponseRecorder) []byte {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}
