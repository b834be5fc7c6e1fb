package tokenclient_test

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
)

// rawListener keeps every byte its connections read: the request as it
// came on the wire, header names in the case they were sent.
type rawListener struct {
	net.Listener
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *rawListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &rawConn{Conn: c, l: l}, nil
}

// String is what was read so far.
func (l *rawListener) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type rawConn struct {
	net.Conn
	l *rawListener
}

func (c *rawConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.l.mu.Lock()
	c.l.buf.Write(p[:n])
	c.l.mu.Unlock()
	return n, err
}

// headerNames are the header names of a raw HTTP/1.1 request as written.
func headerNames(t *testing.T, raw string) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(raw))
	sc.Scan() // the request line
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			break
		}
		name, _, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("not a header line: %q", line)
		}
		out = append(out, name)
	}
	return out
}

// TestPresetHeadersKeepTheClientsCase sends each preset's calls and checks
// that every header its client wrote is sent in that client's exact case
// (sportsdataverse's "DNT" and "x-domain-id", griddy's "referer" and
// "sec-fetch-*"), not Go's canonical "Dnt" and "X-Domain-Id".
func TestPresetHeadersKeepTheClientsCase(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "clients", "*.http"))
	if err != nil {
		t.Fatal(err)
	}
	checked, nonCanonical := 0, 0
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".http")
		i := strings.LastIndex(base, "-")
		name, call := base[:i], tokenclient.Call(base[i+1:])
		if name == "web-example" {
			continue // only its body is the contract's; its headers are authdeck's own
		}
		preset, ok := tokenclient.ClientPresetByName(name)
		if !ok {
			t.Fatalf("%s: no preset %q", file, name)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := sendAs(t, preset, call, recordedValues(t, readRecording(t, file)))
		sent := map[string]bool{}
		for _, n := range headerNames(t, got.raw) {
			sent[n] = true
		}
		for _, n := range headerNames(t, string(data)) {
			switch http.CanonicalHeaderKey(n) {
			case "Host", "Content-Length", "Connection":
				continue // the transport's
			case "User-Agent", "Content-Type":
				// authdeck writes these two itself, canonically: griddy's
				// lower-case "user-agent" and "content-type" are not kept.
				continue
			}
			checked++
			if n != http.CanonicalHeaderKey(n) {
				nonCanonical++
			}
			if !sent[n] {
				t.Errorf("%s: the client sends header %q; authdeck sent %q", file, n, headerNames(t, got.raw))
			}
		}
	}
	// DNT, x-domain-id, and griddy's six lower-case names.
	if checked < 20 || nonCanonical != 8 {
		t.Fatalf("checked %d header names, %d of them not canonical; want at least 20 and 8", checked, nonCanonical)
	}
}

// TestExtraHeaderNamesTheTransportReadsStayCanonical: a name Go's
// transport looks up by its canonical key keeps that key in any case
// given (no second Accept-Encoding, Accept replaced), others keep theirs.
func TestExtraHeaderNamesTheTransportReadsStayCanonical(t *testing.T) {
	t.Parallel()
	c := tokenclient.New(tokenclient.Options{BaseURL: "http://127.0.0.1:1"})
	p := c.PrepareIssue(tokenclient.TokenRequest{ClientKey: "k", ClientSecret: "s", DeviceID: deviceID, Headers: []tokenclient.Header{
		{Name: "dnt", Value: "1"}, {Name: "X-domain-ID", Value: "100"}, {Name: "accept-encoding", Value: "gzip"}, {Name: "accept", Value: "*/*"}}})
	want := map[string]string{"dnt": "1", "X-domain-ID": "100", "Accept-Encoding": "gzip", "Accept": "*/*"}
	for k, v := range want {
		if got := p.Header[k]; len(got) != 1 || got[0] != v {
			t.Errorf("header %q = %q, want [%q]; all: %v", k, got, v, p.Header)
		}
	}
	for _, k := range []string{"Dnt", "X-Domain-Id", "accept-encoding", "accept"} {
		if _, ok := p.Header[k]; ok {
			t.Errorf("header key %q present: %v", k, p.Header)
		}
	}
}
