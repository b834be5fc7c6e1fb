package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
)

// TestClaimsDiffAgainstThePreviousToken: d compares the
// shown token with the previous one of the same profile: added, removed
// and changed claims, dates readable.
func TestClaimsDiffAgainstThePreviousToken(t *testing.T) {
	t.Parallel()
	second := jwtOf(`{"alg":"HS256","typ":"JWT"}`,
		`{"iss":"authdeck-fakeserver","sub":"`+testDeviceID+`","iat":1795773000,"exp":1795776600,"scope":"read"}`)
	var calls atomic.Int32
	respond := func(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
		r := okResult()
		if calls.Add(1) > 1 {
			r.Token.AccessToken = second
		}
		return r, nil
	}
	m := newTestModel(t, testDeps(&recorder{respond: respond}), 120, 40, true)
	m = press(t, m, keyCtrlS)
	m = press(t, m, keyRune('d'))
	if m.result.ShowsDiff() || !strings.Contains(m.status, "no earlier token") {
		t.Fatalf("diff with one token: %v %q", m.result.ShowsDiff(), m.status)
	}
	m = press(t, m, keyCtrlS)
	m = press(t, m, keyRune('d'))
	c := ansi.Strip(m.result.Content())
	for _, want := range []string{
		"Claims vs the previous token",
		"+ added   scope \"read\"",
		"- removed clientKey",
		"~ changed exp " + time.Unix(1795773600, 0).UTC().Format(dateTimeForTest) + " → " + time.Unix(1795776600, 0).UTC().Format(dateTimeForTest),
	} {
		if !strings.Contains(c, want) {
			t.Errorf("diff lacks %q:\n%s", want, c)
		}
	}
	if strings.Contains(c, "sub") && strings.Contains(c, "changed sub") {
		t.Error("an unchanged claim is listed")
	}
	m = press(t, m, keyRune('d'))
	if m.result.ShowsDiff() {
		t.Fatal("d did not hide the diff")
	}
}

const dateTimeForTest = "2006-01-02 15:04:05 MST"
