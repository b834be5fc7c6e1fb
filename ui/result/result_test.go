package result

import (
	"errors"
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
	m := New(styles.NewWith(true, false), time.UTC)
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
