package result

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
)

// tokenWith is an unsigned JWT around claims.
func tokenWith(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(claims)) + ".c2ln"
}

func TestAccessSectionComesFirstAndFollowsTheClock(t *testing.T) {
	t.Parallel()
	m := newResult()
	m.SetSize(80, 40)
	now := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	tok := tokenWith(`{"uid":"u1","plans":[{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03T07:00:05Z"}],"networks":{"NFLN":"true"},"dmaCode":"501","exp":1900000000}`)
	m.StartSending(KindIssue, "POST http://x/identity/v3/token", now)
	m.Finish(&tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: tok}, Expiry: tokenclient.Expiry{At: now.Add(time.Hour)}}, nil, now)
	c := ansi.Strip(m.Content())
	acc, claims := strings.Index(c, "Account"), strings.Index(c, "JWT claims")
	if acc < 0 || claims < acc || strings.Index(c, "Access token") < acc {
		t.Fatalf("the access section must come before the token and the raw claims:\n%s", c)
	}
	for _, want := range []string{"signed in, uid u1", "✓ yes · Premium ✗ no", "✓ NFL+ cancelled, valid until 2026-12-03 07:00 UTC (5s left)", "DMA 501 · networks NFLN"} {
		if !strings.Contains(c, want) {
			t.Errorf("access section lacks %q:\n%s", want, c)
		}
	}
	if text, what, ok := m.Export(); !ok || what != "decoded claims" || !strings.HasPrefix(text, "Account       signed in, uid u1\n") || strings.Contains(text, "\x1b") {
		t.Errorf("the export starts with the access section, unstyled: %q", text)
	}
	m.SetSize(40, 40)
	if c := ansi.Strip(m.Content()); !strings.Contains(c, "✓ NFL+\n    cancelled, valid until 2026-12-03 07:00 UTC (5s left)") {
		t.Errorf("in a narrow pane the plan's words go on a line of their own:\n%s", c)
	}
	m.Tick(now.Add(5 * time.Second))
	if c := ansi.Strip(m.Content()); !strings.Contains(c, "✗ NFL+\n    cancelled, ended 2026-12-03 07:00 UTC") || !strings.Contains(c, "✗ no · Premium ✗ no") {
		t.Errorf("five seconds later the cancelled plan has ended:\n%s", c)
	}
}

func TestAccessSectionSaysWhatItCouldNotRead(t *testing.T) {
	t.Parallel()
	m := newResult()
	now := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	tok := tokenWith(`{"plans":"NFL_PLUS","networks":["NFLN"]}`)
	m.Finish(&tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: tok}, Expiry: tokenclient.Expiry{At: now.Add(time.Hour)}}, nil, now)
	c := ansi.Strip(m.Content())
	for _, want := range []string{"? unknown · Premium ? unknown", "Plans         could not be read", "⚠ plans should be a list", "⚠ networks should be a map"} {
		if !strings.Contains(c, want) {
			t.Errorf("lacks %q:\n%s", want, c)
		}
	}
	m.Finish(&tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: "opaque"}, Expiry: tokenclient.Expiry{At: now.Add(time.Hour)}}, nil, now)
	if c := ansi.Strip(m.Content()); strings.Contains(c, "Account") || !strings.Contains(c, "not a JWT") {
		t.Errorf("an opaque token gets no access section, only the warning:\n%s", c)
	}
}

func TestAccessSectionUnreadableUIDIsUnknown(t *testing.T) {
	t.Parallel()
	m := newResult()
	m.SetSize(100, 40)
	now := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	cases := []struct{ claims, who, problem string }{
		{`{"uid":5,"exp":"x"}`, "Account       unknown (the uid claim could not be read)", "⚠ exp should be a number of seconds since 1970 and is text"},
		{`{"uid":"","exp":1e30}`, "Account       unknown (the uid claim could not be read)", "⚠ exp 1e30 is out of range"},
		{`{"exp":1e30}`, "Account       anonymous (no uid claim)", "⚠ exp 1e30 is out of range"},
	}
	for _, c := range cases {
		m.Finish(&tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: tokenWith(c.claims)}, Expiry: tokenclient.Expiry{At: now.Add(time.Hour)}}, nil, now)
		got := ansi.Strip(m.Content())
		for _, want := range []string{c.who, c.problem} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: lacks %q:\n%s", c.claims, want, got)
			}
		}
		if strings.Contains(got, "exp should be a number of seconds since 1970 and is not") && strings.Contains(c.claims, "1e30") {
			t.Errorf("%s: a number out of range is called not a number:\n%s", c.claims, got)
		}
	}
}
