package tokenclient

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestObserveSeesTheMaskedExchange(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("Set-Cookie", "a=SECRET1")
		w.Header().Add("Set-Cookie", "b=SECRET2")
		w.Header().Set("X-Cache", "MISS")
		_, _ = io.WriteString(w, `{"accessToken":"a.b.c","expiresIn":1795773600,"refreshToken":"RT-SECRET"}`)
	}))
	defer srv.Close()
	var seen []Exchange
	c := New(Options{BaseURL: srv.URL, Observe: func(x Exchange) { seen = append(seen, x) }})
	req := TokenRequest{ClientKey: "k", ClientSecret: "CS-SECRET", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", DeviceInfo: "eyJ9", NetworkType: "other"}
	if _, err := c.Send(context.Background(), c.PrepareIssue(req)); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !seen[0].Request.IsRedacted() || strings.Contains(seen[0].Request.HTTP(), "CS-SECRET") {
		t.Fatalf("observed %+v", seen)
	}
	head := seen[0].Result.HeadText()
	if !strings.HasPrefix(head, "HTTP/1.1 200 OK\n") || strings.Count(head, "Set-Cookie: ••••••••\n") != 2 || !strings.Contains(head, "X-Cache: MISS\n") ||
		strings.Contains(head, "SECRET") {
		t.Errorf("head:\n%s", head)
	}
	// A request refused before sending is not an exchange.
	if _, err := c.Send(context.Background(), c.PrepareIssue(req).Redacted()); err == nil || len(seen) != 1 {
		t.Errorf("a redacted copy was sent or observed: %v, %d", err, len(seen))
	}
	for _, h := range []string{"authorization", "Cookie", "SET-COOKIE", "Proxy-Authorization"} {
		if !IsSecretHeader(h) {
			t.Errorf("%s is not a secret header", h)
		}
	}
}
