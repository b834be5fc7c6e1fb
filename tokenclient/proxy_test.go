package tokenclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// proxyChildEnv marks the re-run test binary that issues a token through
// the proxy named in HTTP_PROXY. http.ProxyFromEnvironment reads the
// environment once per process, so a fresh process is the honest test.
const proxyChildEnv = "AUTHDECK_TOKENCLIENT_PROXY_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(proxyChildEnv) != "" {
		os.Exit(proxyChild())
	}
	os.Exit(m.Run())
}

// proxyChild issues a token to a host that does not exist; only a proxy
// can answer. It exits 0 when the token came back.
func proxyChild() int {
	res, err := New(Options{BaseURL: "http://identity.invalid", AllowInsecureHTTP: true}).Issue(context.Background(), validIssue())
	if err != nil {
		fmt.Fprintln(os.Stderr, "issue:", err)
		return 1
	}
	fmt.Print(res.Token.AccessToken)
	return 0
}

func TestProxyFromEnvironment(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.String())
		mu.Unlock()
		fmt.Fprint(w, okBody)
	}))
	defer proxy.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), proxyChildEnv+"=1", "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, exitStderr(err))
	}
	if string(out) != testAccessToken {
		t.Errorf("child printed %q", out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "POST http://identity.invalid"+IssuePath {
		t.Errorf("proxy saw %v", seen)
	}
}

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
