package result

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
)

func TestResponseHeadersSection(t *testing.T) {
	t.Parallel()
	m := newResult()
	now := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	h := http.Header{"Server": {"nginx"}, "Via": {"1.1 varnish\u202e"}, "X-Amz-Cf-Id": {"abc"}, "Set-Cookie": {"s=SECRET"}, "X-Echo": {"RT-SECRET"}}
	m.Finish(&tokenclient.Result{Status: 200, Header: h, Token: tokenclient.TokenResponse{AccessToken: "opaque", RefreshToken: "RT-SECRET"},
		Expiry: tokenclient.Expiry{At: now.Add(time.Hour)}}, nil, now)
	c := ansi.Strip(m.Content())
	for _, want := range []string{"Response headers\n", "  Server: nginx\n", "  Via: 1.1 varnish\n", "  X-Amz-Cf-Id: abc\n", "  Set-Cookie: ••••••••\n", "  X-Echo: ••••••••"} {
		if !strings.Contains(c, want) {
			t.Errorf("lacks %q:\n%s", want, c)
		}
	}
	if strings.Contains(c, "SECRET") || strings.Contains(c, "\u202e") {
		t.Errorf("a secret or a bidi override reached the screen:\n%s", c)
	}
	// A refusal shows them too, after the server's body.
	m.Finish(&tokenclient.Result{Status: 401, Header: http.Header{"X-Request-Id": {"r-1"}}}, &tokenclient.HTTPError{Status: 401, Body: []byte(`{}`)}, now)
	if c := ansi.Strip(m.Content()); !strings.Contains(c, "Response headers\n  X-Request-Id: r-1") {
		t.Errorf("401:\n%s", c)
	}
	// A token loaded with a profile had no response: no section.
	m.ShowCached(tokenclient.TokenResponse{AccessToken: "opaque"}, tokenclient.Expiry{At: now.Add(time.Hour)}, now)
	if strings.Contains(ansi.Strip(m.Content()), "Response headers") {
		t.Error("a cached token shows response headers")
	}
}
