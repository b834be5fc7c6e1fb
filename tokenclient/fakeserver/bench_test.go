package fakeserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// BenchmarkIssue measures one issue request through the handler: parsing,
// every check, JWT signing and the refresh-token store.
func BenchmarkIssue(b *testing.B) {
	srv := fakeserver.New(fakeserver.Config{Clients: map[string]string{testKey: testSecret}})
	body, err := json.Marshal(issueBody())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, fakeserver.IssuePath, bytes.NewReader(body))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
