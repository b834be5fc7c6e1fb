package tokenclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// okBody is a valid token response.
var okBody = `{"accessToken":"` + testAccessToken + `","expiresIn":1758732647,"refreshToken":"` + testRefreshToken + `"}`

// serve starts an httptest server with h and a client for it.
func serve(t *testing.T, h http.HandlerFunc, timeout time.Duration) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return New(Options{BaseURL: srv.URL, Timeout: timeout}), srv
}

func TestIssueSuccess(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != IssuePath || r.Method != http.MethodPost {
			http.Error(w, "wrong route", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, okBody)
	}, 0)
	res, err := c.Issue(context.Background(), validIssue())
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.Token.AccessToken != testAccessToken || res.Token.RefreshToken != testRefreshToken {
		t.Errorf("result: %+v", res)
	}
	if res.Expiry.Relative || res.Expiry.At.Unix() != 1758732647 {
		t.Errorf("expiry: %+v", res.Expiry)
	}
	if string(res.Raw) != okBody || res.Header.Get("Content-Type") != "application/json" {
		t.Errorf("raw/header: %s %v", res.Raw, res.Header)
	}
	tm := res.Timing
	if tm.Total <= 0 || tm.Connect <= 0 || tm.FirstByte <= 0 || tm.FirstByte > tm.Total || tm.TLS != 0 {
		t.Errorf("timing of a fresh plain-http connection: %+v", tm)
	}
}

func TestRelativeExpiresIn(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"accessToken":"abc","expiresIn":3600,"refreshToken":"r"}`)
	}, 0)
	before := time.Now()
	res, err := c.Refresh(context.Background(), validRefresh())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Expiry.Relative || res.Expiry.At.Before(before.Add(time.Hour)) || res.Expiry.At.After(time.Now().Add(time.Hour)) {
		t.Errorf("expiry of a relative expiresIn: %+v", res.Expiry)
	}
}

// TestWireMatchesPreview checks the bytes that reach the server against
// Prepared.HTTP, the text the preview renders.
func TestWireMatchesPreview(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	raw := make(chan []byte, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		var buf []byte
		tmp := make([]byte, 4096)
		for {
			n, err := conn.Read(tmp)
			buf = append(buf, tmp[:n]...)
			if head, body, ok := bytes.Cut(buf, []byte("\r\n\r\n")); ok && bytes.Contains(head, []byte("Content-Length: ")) {
				var cl int
				for _, l := range strings.Split(string(head), "\r\n") {
					fmt.Sscanf(l, "Content-Length: %d", &cl)
				}
				if len(body) >= cl {
					break
				}
			}
			if err != nil {
				break
			}
		}
		raw <- buf
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(okBody), okBody)
	}()

	r := validRefresh()
	r.UID, r.UIDSignature, r.SignatureTimestamp = "user-42", testUIDSignature, "1758729047"
	r.Headers = []Header{{Name: "X-Trace", Value: "t"}, {Name: "Accept-Language", Value: "en"}}
	c := New(Options{BaseURL: "http://" + ln.Addr().String()})
	p := c.PrepareRefresh(r)
	if _, err := c.Send(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	got := <-raw
	head, body, _ := bytes.Cut(got, []byte("\r\n\r\n"))
	// The same headers in the same order: what a dry run prints is what
	// the transport writes.
	wire := strings.ReplaceAll(string(head), "\r\n", "\n") + "\n\n" + string(body)
	if wire != p.HTTP() {
		t.Errorf("on the wire:\n%s\n\nPrepared.HTTP():\n%s", wire, p.HTTP())
	}
	if want := []string{"Host", "User-Agent", "Content-Length", "Accept", "Accept-Language", "Content-Type", "X-Trace"}; !slices.Equal(headerNames(wire), want) {
		t.Errorf("headers on the wire: %v, want %v", headerNames(wire), want)
	}
	// The preview shows the same request with only the secrets masked.
	preview := p.Redacted().HTTP()
	for _, s := range []string{testSecret, testRefreshToken, testUIDSignature} {
		wire = strings.Replace(wire, s, Mask, 1)
	}
	if wire != preview {
		t.Errorf("preview differs from the wire beyond masking:\n%s\n\n%s", wire, preview)
	}
}

// headerNames are the names of the header lines of an HTTP text, in order.
func headerNames(text string) []string {
	head, _, _ := strings.Cut(text, "\n\n")
	var names []string
	for _, l := range strings.Split(head, "\n")[1:] {
		name, _, _ := strings.Cut(l, ":")
		names = append(names, name)
	}
	return names
}

func TestTimeoutBeforeHeaders(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { hang(r) }, 150*time.Millisecond)
	res, err := c.Issue(context.Background(), validIssue())
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a timeout *NetworkError", err)
	}
	if !strings.HasPrefix(err.Error(), "timed out after 150ms") || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		t.Errorf("err = %q", err)
	}
	if res != nil {
		t.Errorf("no response arrived, but got a result: %+v", res)
	}
	assertNoSecrets(t, err)
}

func TestTimeoutWhileReadingBody(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"accessToken":"`)
		w.(http.Flusher).Flush()
		hang(r)
	}, 150*time.Millisecond)
	res, err := c.Issue(context.Background(), validIssue())
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 150ms reading the response") {
		t.Fatalf("err = %v", err)
	}
	if res == nil || res.Status != 200 || res.Timing.Total <= 0 {
		t.Errorf("a result with the status should come back: %+v", res)
	}
}

func TestCallerDeadline(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { hang(r) }, time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Issue(ctx, validIssue())
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "caller's deadline") {
		t.Fatalf("err = %v", err)
	}
}

func TestCancel(t *testing.T) {
	arrived := make(chan struct{})
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		hang(r)
	}, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	res, err := c.Issue(ctx, validIssue())
	if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "canceled") || res != nil {
		t.Errorf("err = %q, res = %v", err, res)
	}
}

func TestCancelWithCause(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { hang(r) }, time.Minute)
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(50*time.Millisecond, func() { cancel(errors.New("user pressed esc")) })
	_, err := c.Issue(ctx, validIssue())
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "user pressed esc") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	var targetHits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		fmt.Fprint(w, okBody)
	}))
	defer target.Close()
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", target.URL+"/steal?x=1")
				w.WriteHeader(code)
				fmt.Fprint(w, "<a href=...>moved</a>")
			}, 0)
			res, err := c.Issue(context.Background(), validIssue())
			var re *RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RedirectError", err)
			}
			if re.Status != code || re.Location != target.URL+"/steal?x=1" || !strings.Contains(err.Error(), target.URL+"/steal") {
				t.Errorf("redirect error: %+v: %s", re, err)
			}
			if res == nil || res.Status != code {
				t.Errorf("result should carry the status: %+v", res)
			}
			assertNoSecrets(t, err)
		})
	}
	if n := targetHits.Load(); n != 0 {
		t.Fatalf("the redirect target was contacted %d times; the secret must never go there", n)
	}
}

func TestRedirectWithoutLocation(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(302) }, 0)
	_, err := c.Issue(context.Background(), validIssue())
	if !strings.Contains(err.Error(), "without a Location") {
		t.Errorf("err = %v", err)
	}
}

func TestOversizeBody(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		// A valid token response padded beyond the limit.
		fmt.Fprint(w, okBody[:len(okBody)-1]+`,"pad":"`+strings.Repeat("x", MaxBodySize)+`"}`)
	}, 0)
	res, err := c.Issue(context.Background(), validIssue())
	var re *ResponseError
	if !errors.As(err, &re) || re.Status != 200 || !strings.Contains(re.Reason, "larger than 1 MiB") {
		t.Fatalf("err = %v, want *ResponseError about the size", err)
	}
	if res == nil || len(res.Raw) != MaxBodySize {
		t.Errorf("the first MiB should be kept in the result")
	}
	assertNoSecrets(t, err)
}

func TestBodyOfExactlyMaxSize(t *testing.T) {
	body := okBody + strings.Repeat(" ", MaxBodySize-len(okBody))
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }, 0)
	res, err := c.Issue(context.Background(), validIssue())
	if err != nil || res.Token.AccessToken != testAccessToken {
		t.Fatalf("a body of exactly MaxBodySize is allowed: %v", err)
	}
}

func TestHTMLBody(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Portal</title></head><body>\x1b[2J<h1>Captive &lt;portal&gt;</h1>"+
			"<p>Please sign in to the Wi-Fi.</p>"+strings.Repeat("<div>filler text</div>", 100)+"</body></html>")
	}, 0)
	res, err := c.Issue(context.Background(), validIssue())
	var re *ResponseError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "HTML") {
		t.Fatalf("err = %v, want *ResponseError about HTML", err)
	}
	if !strings.HasPrefix(re.Excerpt, "Captive <portal> Please sign in to the Wi-Fi. filler text") || strings.ContainsAny(re.Excerpt, "\x1b\n") ||
		len([]rune(re.Excerpt)) > excerptLen {
		t.Errorf("excerpt = %q", re.Excerpt)
	}
	if !strings.Contains(err.Error(), "200 OK") || res == nil || res.Status != 200 {
		t.Errorf("the error and result should carry the status: %v", err)
	}
}

func TestNonJSONBody(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "OK") }, 0)
	_, err := c.Issue(context.Background(), validIssue())
	var re *ResponseError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "not JSON") || re.Excerpt != "OK" {
		t.Fatalf("err = %v", err)
	}
}

func TestUnauthorized(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		// A careless server echoing the secret and refresh token back.
		fmt.Fprintf(w, `{"error":"invalid_client","detail":"secret %s or token %s rejected"}`, testSecret, testRefreshToken)
	}, 0)
	res, err := c.Refresh(context.Background(), validRefresh())
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 401 {
		t.Fatalf("err = %v, want *HTTPError 401", err)
	}
	if !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "check the client key and secret") ||
		!strings.Contains(he.Excerpt, "invalid_client") || !strings.Contains(he.Excerpt, Mask) {
		t.Errorf("err = %q", err)
	}
	if res == nil || res.Status != 401 || !bytes.Contains(he.Body, []byte(testSecret)) {
		t.Error("the result and the raw body should come back")
	}
	assertNoSecrets(t, err)
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header func() string
		min    time.Duration
		max    time.Duration
	}{
		{"seconds", 429, func() string { return "120" }, 2 * time.Minute, 2 * time.Minute},
		{"http date", 429, func() string { return time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat) }, 85 * time.Second, 91 * time.Second},
		{"capped", 429, func() string { return "86400" }, MaxRetryAfter, MaxRetryAfter},
		{"on 503", 503, func() string { return "5" }, 5 * time.Second, 5 * time.Second},
		{"absent", 429, func() string { return "" }, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if v := tt.header(); v != "" {
					w.Header().Set("Retry-After", v)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, "slow down")
			}, 0)
			_, err := c.Issue(context.Background(), validIssue())
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != tt.status {
				t.Fatalf("err = %v", err)
			}
			if he.RetryAfter < tt.min || he.RetryAfter > tt.max {
				t.Errorf("RetryAfter = %v, want %v..%v", he.RetryAfter, tt.min, tt.max)
			}
			if tt.min > 0 && !strings.Contains(err.Error(), "retry after") {
				t.Errorf("the error should say when to retry: %v", err)
			}
		})
	}
}

func TestMalformed200(t *testing.T) {
	bodies := map[string]string{
		"no access token":      `{"expiresIn":1758732647,"refreshToken":"` + testRefreshToken + `"}`,
		"empty access token":   `{"accessToken":"","expiresIn":1758732647}`,
		"string expiresIn":     `{"accessToken":"` + testAccessToken + `","expiresIn":"1758732647"}`,
		"fractional expiresIn": `{"accessToken":"` + testAccessToken + `","expiresIn":3600.5,"refreshToken":"` + testRefreshToken + `"}`,
		"array":                `[{"accessToken":"` + testAccessToken + `"}]`,
		"empty":                ``,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, body)
			}, 0)
			res, err := c.Issue(context.Background(), validIssue())
			var re *ResponseError
			if !errors.As(err, &re) || re.Status != 200 || re.Reason == "" {
				t.Fatalf("err = %v, want *ResponseError", err)
			}
			if res == nil || string(res.Raw) != body || res.Token != (TokenResponse{}) {
				t.Errorf("result: %+v", res)
			}
			assertNoSecrets(t, err)
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := New(Options{BaseURL: "http://" + addr})
	res, err := c.Issue(context.Background(), validIssue())
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Op != "connect" || !strings.HasPrefix(err.Error(), "connection refused by "+addr) || res != nil {
		t.Fatalf("err = %v", err)
	}
}

func TestServerHangsUp(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}, 0)
	_, err := c.Issue(context.Background(), validIssue())
	if err == nil || !strings.Contains(err.Error(), "closed the connection without answering") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownAuthority(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, okBody) }))
	defer srv.Close()
	_, err := New(Options{BaseURL: srv.URL}).Issue(context.Background(), validIssue())
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Op != "tls" || !strings.HasPrefix(err.Error(), "certificate signed by unknown authority") {
		t.Fatalf("err = %v", err)
	}
}

// trusting returns the hardened transport, trusting srv's certificate.
func trusting(srv *httptest.Server) *http.Transport {
	tr := hardenedTransport()
	tr.TLSClientConfig.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	return tr
}

func TestTLSTimingAndMinimumVersion(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, okBody) })
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	res, err := New(Options{BaseURL: srv.URL, Transport: trusting(srv)}).Issue(context.Background(), validIssue())
	if err != nil {
		t.Fatal(err)
	}
	if res.Timing.TLS <= 0 || res.Timing.Connect <= 0 {
		t.Errorf("TLS timing: %+v", res.Timing)
	}

	old := httptest.NewUnstartedServer(h)
	old.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	old.StartTLS()
	defer old.Close()
	_, err = New(Options{BaseURL: old.URL, Transport: trusting(old)}).Issue(context.Background(), validIssue())
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Op != "tls" || !strings.Contains(err.Error(), "TLS 1.2") {
		t.Fatalf("a TLS 1.1 server: err = %v", err)
	}
}

func TestPlainHTTPToTLSPort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, err := New(Options{BaseURL: strings.Replace(srv.URL, "http://", "https://", 1)}).Issue(context.Background(), validIssue())
	if err == nil || !strings.Contains(err.Error(), "did not answer with TLS") {
		t.Fatalf("err = %v", err)
	}
}

func TestBadEndpoint(t *testing.T) {
	for _, base := range []string{"api.nfl.com", "ftp://api.nfl.com", "https://", "http://[::1"} {
		_, err := New(Options{BaseURL: base}).Issue(context.Background(), validIssue())
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.For("endpoint") == "" {
			t.Errorf("base %q: err = %v, want a *ValidationError on endpoint", base, err)
		}
	}
}

func TestNothingSentWhenInvalid(t *testing.T) {
	var hits atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }, 0)
	r := validIssue()
	r.DeviceID = "nope"
	if _, err := c.Issue(context.Background(), r); err == nil {
		t.Fatal("want a validation error")
	}
	rr := validRefresh()
	rr.RefreshToken = ""
	if _, err := c.Refresh(context.Background(), rr); err == nil {
		t.Fatal("want a validation error")
	}
	if hits.Load() != 0 {
		t.Errorf("an invalid request reached the server")
	}
}

func TestSendRefusesRedacted(t *testing.T) {
	var hits atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }, 0)
	_, err := c.Send(context.Background(), c.PrepareIssue(validIssue()).Redacted())
	if !errors.Is(err, ErrRedactedSend) || hits.Load() != 0 {
		t.Fatalf("err = %v, hits = %d", err, hits.Load())
	}
}

func TestDefaults(t *testing.T) {
	c := New(Options{})
	if c.BaseURL() != DefaultBaseURL || c.Timeout() != DefaultTimeout {
		t.Errorf("defaults: %s %s", c.BaseURL(), c.Timeout())
	}
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok || tr.Proxy == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 || !tr.DisableCompression {
		t.Errorf("transport not hardened: %+v", c.http.Transport)
	}
	if New(Options{BaseURL: " http://x:1/// "}).BaseURL() != "http://x:1" {
		t.Error("base URL should be trimmed")
	}
}

// hang reads the request body (so the server notices when the client goes
// away) and then waits for the client to give up.
func hang(r *http.Request) {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}
