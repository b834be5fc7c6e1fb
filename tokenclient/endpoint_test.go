package tokenclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestEndpointErrorsNeverShowAPassword(t *testing.T) {
	for _, raw := range []string{
		"https://u:hunter2@example.com",
		"https://u:hunter2@exa mple.com",
		"ftp://u:hunter2@example.com/x",
		"http://u:hunter2@10.0.0.1:99999",
	} {
		err := ValidateEndpoint(raw, false)
		if err == nil {
			t.Errorf("%s: accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
	}
}

func TestIsLoopbackIsAnIPLiteralOrExactlyLocalhost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.9.8.7": true, "::1": true,
		"localhost.": false, "localhost..": false, "x.localhost": false, "localhost.localdomain": false,
		"127.1": false, "0x7f.0.0.1": false, "127.0.0.1.": false, "128.0.0.1": false, "::2": false,
		"": false, "localhost:80": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
	// The one rule applies to sending: a trailing dot needs the opt-in.
	if err := ValidateEndpoint("http://localhost.:8765/identity/v3/token", false); err == nil ||
		!strings.Contains(err.Error(), "opt in to insecure http") {
		t.Errorf("http://localhost.: %v", err)
	}
	if err := ValidateEndpoint("http://localhost.:8765/identity/v3/token", true); err != nil {
		t.Errorf("with the opt-in: %v", err)
	}
}

func TestValidateBaseURLRefusesAWholeTokenURL(t *testing.T) {
	t.Parallel()
	for raw, base := range map[string]string{
		"https://api.nfl.com/identity/v3/token":             "https://api.nfl.com",
		"https://api.nfl.com/identity/v3/token/":            "https://api.nfl.com",
		"https://api.nfl.com/identity/v3/token/refresh":     "https://api.nfl.com",
		"https://gw.example:8443/nfl/identity/v3/token?x=1": "https://gw.example:8443/nfl",
		"http://127.0.0.1:8765/identity/v3/token/refresh/":  "http://127.0.0.1:8765",
	} {
		err := ValidateBaseURL(raw, false)
		if err == nil || !strings.Contains(err.Error(), "use the base URL "+base) {
			t.Errorf("ValidateBaseURL(%q) = %v, want it to name %s", raw, err, base)
		}
		// Send checks the full request URL, which ends with the path.
		if err := ValidateEndpoint(raw, false); err != nil && !strings.Contains(raw, "?") {
			t.Errorf("ValidateEndpoint(%q) = %v: a request URL is fine there", raw, err)
		}
	}
	for _, raw := range []string{"https://api.nfl.com", "https://api.nfl.com/identity/v3", "https://x.example/identity/v3/tokens"} {
		if err := ValidateBaseURL(raw, false); err != nil {
			t.Errorf("ValidateBaseURL(%q) = %v", raw, err)
		}
	}
}

// TestSendRefusesAWholeTokenURLAsBaseURL: a client whose base URL is the
// whole token URL (the console's form, a library caller) sends nothing and
// names the base URL, instead of posting to …/token/identity/v3/token.
func TestSendRefusesAWholeTokenURLAsBaseURL(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	req := TokenRequest{ClientKey: "k", ClientSecret: "secret-value", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="}
	for _, base := range []string{srv.URL + "/identity/v3/token", srv.URL + "/identity/v3/token/", srv.URL + "/identity/v3/token/refresh"} {
		c := New(Options{BaseURL: base})
		_, err := c.Issue(context.Background(), req)
		var ve *ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), "use the base URL "+srv.URL) {
			t.Errorf("issue with base %s: %v", base, err)
		}
		_, err = c.Refresh(context.Background(), RefreshRequest{TokenRequest: req, RefreshToken: "r"})
		if !errors.As(err, &ve) {
			t.Errorf("refresh with base %s: %v", base, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d request(s) were sent", n)
	}
	// The ordinary request URLs pass.
	for _, u := range []string{srv.URL + IssuePath, srv.URL + RefreshPath, srv.URL + "/nfl" + IssuePath} {
		if err := ValidateEndpoint(u, false); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
