package result

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/ui/styles"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		59*time.Minute + 59*time.Second: "59m 59s",
		time.Hour + 5*time.Second:       "1h 0m 5s",
		42 * time.Second:                "42s",
		-time.Second:                    "0s",
	} {
		if got := Countdown(d); got != want {
			t.Errorf("Countdown(%v) = %q, want %q", d, got, want)
		}
	}
	if Millis(0) != "—" || Millis(12300*time.Microsecond) != "12.3ms" || Millis(1240*time.Millisecond) != "1.24s" {
		t.Errorf("Millis: %q %q %q", Millis(0), Millis(12300*time.Microsecond), Millis(1240*time.Millisecond))
	}
	long := strings.Repeat("a", 20) + strings.Repeat("b", 20)
	if s := Shorten(long); s != "aaaaaaaaaaaa…bbbbbbbb" {
		t.Errorf("Shorten = %q", s)
	}
	if Shorten("short") != "short" {
		t.Error("short tokens must stay whole")
	}
}

func newResult() *Model {
	m := New(styles.New(true, false), time.UTC)
	m.SetSize(60, 40)
	return &m
}

func TestRetryAfterCountsDown(t *testing.T) {
	t.Parallel()
	m := newResult()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.StartSending("issue", "POST http://x/identity/v3/token", now)
	m.Finish(&tokenclient.Result{Status: 429}, &tokenclient.HTTPError{Status: 429, RetryAfter: 3 * time.Second}, now)
	if !m.Ticking() || !strings.Contains(m.Content(), "retry in 3s") {
		t.Fatalf("got:\n%s", m.Content())
	}
	m.Tick(now.Add(3 * time.Second))
	if m.Ticking() || !strings.Contains(m.Content(), "you may retry now") {
		t.Fatalf("after 3s:\n%s", m.Content())
	}
}

func TestRawAndFullToggles(t *testing.T) {
	t.Parallel()
	m := newResult()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tok := "opaque-access-token-0123456789-abcdefghij"
	m.Finish(&tokenclient.Result{Status: 200, Raw: []byte(`{"accessToken":"` + tok + `"}`),
		Token: tokenclient.TokenResponse{AccessToken: tok}, Expiry: tokenclient.Expiry{At: now.Add(time.Minute)}}, nil, now)
	if strings.Contains(m.Content(), tok) {
		t.Fatal("full token shown before the toggle")
	}
	m.ToggleFull()
	if !strings.Contains(m.Content(), tok) {
		t.Fatal("full token not shown")
	}
	m.ToggleFull()
	m.ToggleRaw()
	if !strings.Contains(m.Content(), "Raw response") {
		t.Fatal("raw response not shown")
	}
}

func TestNetworkErrorInPlainWords(t *testing.T) {
	t.Parallel()
	m := newResult()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.StartSending("issue", "POST http://127.0.0.1:9/identity/v3/token", now)
	m.Finish(nil, &tokenclient.NetworkError{Op: "connect", Addr: "127.0.0.1:9", Err: errors.New("refused")}, now)
	if !strings.Contains(m.Content(), styles.SymbolError+" Could not reach the server") {
		t.Fatalf("got:\n%s", m.Content())
	}
	m.Cancel(now.Add(1500 * time.Millisecond))
	if !strings.Contains(m.Content(), "Cancelled") {
		t.Fatal("cancel not shown")
	}
}

// TestTimeoutAdviceNamesASettingThatExists: the client's
// "raise the timeout" has no setting in the console; the result says what
// to do instead.
func TestTimeoutAdviceNamesASettingThatExists(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-block:
		}
	}))
	defer srv.Close()
	defer close(block)
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL, Timeout: 20 * time.Millisecond})
	_, err := c.Issue(context.Background(), tokenclient.TokenRequest{ClientKey: "k", ClientSecret: "s",
		DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="})
	if err == nil {
		t.Fatal("no timeout")
	}
	m := newResult()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.StartSending(KindIssue, "POST "+srv.URL, now)
	m.Finish(nil, err, now)
	c0 := m.Content()
	if !strings.Contains(c0, "timed out") || strings.Contains(c0, "raise the timeout") || !strings.Contains(c0, "--timeout") {
		t.Fatalf("timeout advice:\n%s", c0)
	}
}

// TestClockSkewIsSaidAndTheCountdownUsesServerTime: a Date header 5
// minutes ahead is reported in plain words (this computer is behind, so
// by its clock tokens look valid after they expired) and the countdown of
// an absolute expiry runs on the server's clock.
func TestClockSkewIsSaidAndTheCountdownUsesServerTime(t *testing.T) {
	t.Parallel()
	local := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	server := local.Add(5 * time.Minute)
	res := &tokenclient.Result{Status: 200, Received: local,
		Header: http.Header{"Date": {server.Format(http.TimeFormat)}},
		Token:  tokenclient.TokenResponse{AccessToken: "opaque", ExpiresIn: server.Add(10 * time.Minute).Unix()},
		Expiry: tokenclient.Expiry{At: server.Add(10 * time.Minute)}}
	m := newResult()
	m.StartSending(KindIssue, "POST http://x", local)
	m.Finish(res, nil, local)
	c := m.Content()
	if !strings.Contains(c, "this computer's clock is 5m 0s behind the server's: by it, tokens look valid after they expired") {
		t.Fatalf("no skew warning:\n%s", c)
	}
	if !strings.Contains(c, "expires in 10m 0s") {
		t.Fatalf("countdown not on server time (local clock says 15m):\n%s", c)
	}
	if got := m.Remaining(local); got != 10*time.Minute {
		t.Fatalf("remaining %v", got)
	}
	// A server 10 minutes behind: this computer is ahead, tokens expire
	// early by its clock.
	res.Header.Set("Date", local.Add(-10*time.Minute).Format(http.TimeFormat))
	res.Expiry.At = local.Add(-10 * time.Minute).Add(30 * time.Minute)
	m.Finish(res, nil, local)
	if c := m.Content(); !strings.Contains(c, "this computer's clock is 10m 0s ahead of the server's: by it, tokens seem to expire early") ||
		!strings.Contains(c, "expires in 30m 0s") {
		t.Fatalf("clock ahead not said, or the countdown not on server time:\n%s", c)
	}
	// Under the threshold nothing is said.
	res.Header.Set("Date", local.Add(10*time.Second).Format(http.TimeFormat))
	m.Finish(res, nil, local)
	if strings.Contains(m.Content(), "Clock skew") {
		t.Fatalf("10 s reported as skew:\n%s", m.Content())
	}
}
