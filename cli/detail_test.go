package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
)

func TestFailureDetailIsTheServersMessage(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 60)
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&tokenclient.HTTPError{Status: 401, Excerpt: `{"error":"invalid_client","field":"clientSecret","message":"clientSecret is wrong"}`}, "clientSecret is wrong"},
		{&tokenclient.HTTPError{Status: 400, Excerpt: `{"message": "a \"quoted\" word \u00e9 and a \/ slash", "error":"x"}`}, `a "quoted" word é and a / slash`},
		{&tokenclient.HTTPError{Status: 400, Excerpt: `{"error":"x","message":"` + long[:150] + `…`}, long[:150] + "…"},
		{&tokenclient.HTTPError{Status: 400, Excerpt: `{"error":"x","message":"cut in an escape \u00`}, "cut in an escape …"},
		{&tokenclient.HTTPError{Status: 500, Excerpt: `{"error":"server_error"}`}, `{"error":"server_error"}`},
		{&tokenclient.HTTPError{Status: 502, Excerpt: `Bad Gateway nginx`}, "Bad Gateway nginx"},
		{&tokenclient.HTTPError{Status: 400, Excerpt: `{"error":"the message is here","detail":"x"}`}, `{"error":"the message is here","detail":"x"}`},
		{&tokenclient.ResponseError{Status: 200, Reason: "the body is HTML, not JSON", Excerpt: "Login page"}, "the body is HTML, not JSON: Login page"},
		{fmt.Errorf("refresh: %w", &tokenclient.HTTPError{Status: 429, Excerpt: `{"message":"slow down"}`}), "slow down"},
		{errors.New("connection refused by 127.0.0.1:1"), "connection refused by 127.0.0.1:1"},
		{&tokenclient.HTTPError{Status: 401, Excerpt: `{"message":"evil \u001b]52;c;eA==\u0007 \u202e"}`}, "evil ]52;c;eA== "},
	} {
		if got := failureDetail(tc.err); got != tc.want {
			t.Errorf("failureDetail(%v) = %q, want %q", tc.err, got, tc.want)
		}
		// The same text recorded in the history reads the same.
		var he *tokenclient.HTTPError
		if got := recordedDetail(tc.err.Error()); got != tc.want && errors.As(tc.err, &he) {
			t.Errorf("recordedDetail(%q) = %q, want %q", tc.err.Error(), got, tc.want)
		}
	}
}

// TestCheckAndHistoryShowTheServersMessage: against the fake server, a
// wrong secret's row says the server's words in DETAIL, in check and in
// history, instead of a cut "body: \"{\\\"err…".
func TestCheckAndHistoryShowTheServersMessage(t *testing.T) {
	// A history row cut inside the body (the store caps what it records)
	// still gives the message as far as it goes.
	cut := `the server refused the request: 401 Unauthorized (check the client key); body: "{\"error\":\"x\",\"message\":\"clientSecret is…`
	if got := recordedDetail(cut); got != "clientSecret is…" {
		t.Errorf("recordedDetail of a cut row = %q", got)
	}
	if got := recordedDetail(`the server answered 200 OK but the body is HTML, not JSON; body: "Login page"`); got != "the server answered 200 OK but the body is HTML, not JSON: Login page" {
		t.Errorf("recordedDetail of a bad response = %q", got)
	}

	clients := map[string]string{"client-a-aaaaaaaaaaaaaaaaaaaa": "right"}
	specs := []profileSpec{{name: "wrong", key: "client-a-aaaaaaaaaaaaaaaaaaaa", secret: "WRONG-SECRET", want: tokens.CheckUnauthorized}}
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	r := f.c.run("check", "wrong").want(t, exitFailed)
	if !strings.Contains(r.stdout, "DETAIL") || !strings.Contains(r.stdout, "clientSecret is wrong for this clientKey") || strings.Contains(r.stdout, `body:`) {
		t.Errorf("check:\n%s", r.stdout)
	}
	// The history keeps the first 200 characters of the error, which the
	// status words fill most of: the message shows as far as it was kept.
	r = f.c.run("history").want(t, exitOK)
	if !strings.Contains(r.stdout, "DETAIL") || !strings.Contains(r.stdout, "clientSecret is") || strings.Contains(r.stdout, `body:`) {
		t.Errorf("history:\n%s", r.stdout)
	}
	f.noSecrets(t, r)
}
