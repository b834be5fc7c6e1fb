package profiles

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
)

// TestHistoryDetailShowsExchangeAndResends: a call's details show its
// recorded request and response (sanitised), and alt+s asks the root to
// send that kind of call again for the profile.
func TestHistoryDetailShowsExchangeAndResends(t *testing.T) {
	t.Parallel()
	hist := sampleHistory()
	hist[0].Exchange = &store.Exchange{
		Request: store.ExchangeRequest{Method: "POST", URL: "https://api.example.com/identity/v3/token/refresh",
			Headers: []store.Header{{Name: "User-Agent", Value: "okhttp/4.11.0\x1b[31m"}}, Body: `{"refreshToken":"••••••••"}`},
		Response: &store.ExchangeResponse{Status: 200, Headers: []store.Header{{Name: "X-Cache", Value: "MISS"}}, Body: `{"accessToken":"••••••••"}`},
	}
	m, msgs := send(t, newPane(sample(), 100, 40), "ctrl+l")
	answerHistory(&m, msgs, hist)
	m, _ = send(t, m, "enter")
	raw := m.View()
	v := ansi.Strip(raw)
	for _, want := range []string{"> POST https://api.example.com/identity/v3/token/refresh", "> User-Agent: okhttp/4.11.0",
		`{"refreshToken":"••••••••"}`, "< 200 OK", "< X-Cache: MISS", `{"accessToken":"••••••••"}`, "alt+s sends this refresh again"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	if strings.Contains(raw, "\x1b[31m") {
		t.Error("a header's escape sequence reached the screen")
	}
	_, msgs = send(t, m, "alt+s")
	wantIntents(t, msgs, ResendMsg{Name: "demo", Kind: store.KindRefresh})

	m, _ = send(t, m, "down")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "were not recorded") {
		t.Errorf("a call without an exchange:\n%s", v)
	}
	_, msgs = send(t, m, "alt+s")
	wantIntents(t, msgs, ResendMsg{Name: "demo", Kind: store.KindIssue})
}
