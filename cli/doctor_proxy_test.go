package cli

import (
	"bufio"
	"context"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// doctorProxyChild marks the re-run test binary that runs doctor with the
// proxy variables set: http.ProxyFromEnvironment reads the process
// environment once, so the variables must be there when the process starts.
const doctorProxyChild = "AUTHDECK_DOCTOR_PROXY_CHILD"

// TestDoctorProbesThroughTheProxy: with $HTTPS_PROXY set, doctor reaches an
// https endpoint the way the token client does, through the proxy (a
// CONNECT tunnel), instead of resolving and dialling the host itself. The
// endpoint's host (example.com) is reachable only through the test's proxy.
func TestDoctorProbesThroughTheProxy(t *testing.T) {
	if os.Getenv(doctorProxyChild) != "" {
		os.Exit(Run(context.Background(), []string{"doctor", "-o", "json", "--timeout", "10s"}, strings.NewReader(""), os.Stdout, os.Stderr, os.Getenv))
	}
	target := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer target.Close()
	var mu sync.Mutex
	var tunnels []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		mu.Lock()
		tunnels = append(tunnels, r.Host)
		mu.Unlock()
		up, err := net.Dial("tcp", target.Listener.Addr().String()) // every host is the target
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		go io.Copy(up, bufio.NewReader(buf))
		io.Copy(conn, up)
	}))
	defer proxy.Close()

	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: target.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(target.Listener.Addr().String())
	endpoint := "https://example.com:" + port
	cfg := filepath.Join(dir, "config")
	st, err := store.Open(store.Options{Dir: cfg, SecretStore: store.SecretFile, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	p := store.Profile{Name: "proxied", Endpoint: endpoint, ClientKey: "k", DeviceID: testDeviceID,
		DeviceInfo: device.Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}, NetworkType: device.NetworkWifi}
	if err := st.Save(p, &store.Secrets{ClientSecret: "s3cret"}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestDoctorProbesThroughTheProxy$")
	cmd.Env = append(os.Environ(), doctorProxyChild+"=1",
		"HTTPS_PROXY="+proxy.URL, "https_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=",
		"SSL_CERT_FILE="+caFile, envConfigDir+"="+cfg, envSecretStore+"=file")
	out, _ := cmd.Output() // exit 1 is fine: the terminal and keyring rows do not matter here
	text := string(out)
	host := "example.com:" + port
	for _, want := range []string{`"check": "endpoint ` + host + `"`, `via proxy ` + strings.TrimPrefix(proxy.URL, "http://"),
		`"check": "clock vs ` + host + `",` + "\n      \"status\": \"ok\""} {
		if !strings.Contains(text, want) {
			t.Errorf("doctor's report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "DNS: ") || strings.Contains(text, `"status": "fail",`+"\n      \"detail\": \"TLS") {
		t.Errorf("doctor went around the proxy:\n%s", text)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(tunnels) != 1 || tunnels[0] != host {
		t.Errorf("the proxy saw tunnels to %v, want one to %s", tunnels, host)
	}
}
