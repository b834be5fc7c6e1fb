package fakeserver_test

import (
	"encoding/json"
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
