package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
)

// twoCalls records a token call of profile a and one of profile b (which
// sends an extra header) and returns their IDs.
func twoCalls(t *testing.T) (*cli, int64, int64) {
	t.Helper()
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a")
	saveDemo(t, c, srv, "b", "--header", "X-Client: tv")
	c.run("token", "-p", "a").want(t, exitOK)
	c.run("token", "-p", "b").want(t, exitOK)
	var all []historyEntryJSON
	if err := json.Unmarshal([]byte(c.run("history", "-o", "json").want(t, exitOK).stdout), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].Profile != "a" || all[0].Profile != "b" || all[1].ID == 0 || all[0].ID == 0 {
		t.Fatalf("history %+v", all)
	}
	return c, all[1].ID, all[0].ID
}

// noSecretIn fails when out holds the demo secret or a token.
func noSecretIn(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, fakeserver.DemoClientSecret) || strings.Contains(out, "eyJhbGci") {
		t.Errorf("a secret or token in:\n%s", out)
	}
}

func TestHistoryShow(t *testing.T) {
	c, a, _ := twoCalls(t)
	out := c.run("history", "show", strconv.FormatInt(a, 10)).want(t, exitOK).stdout
	noSecretIn(t, out)
	for _, want := range []string{"call " + strconv.FormatInt(a, 10) + " · a · issue · ", "> POST http://127.0.0.1:", "/identity/v3/token\n",
		"> Content-Type: application/json\n", `"clientSecret":"` + tokenclient.Mask + `"`, "< 200 OK\n", "< Content-Type: application/json",
		`"accessToken":"` + tokenclient.Mask + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("history show lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(c.run("history").want(t, exitOK).stdout, "\n"+strconv.FormatInt(a, 10)+"  ") {
		t.Error("history's table does not start rows with the call ID")
	}

	var j callJSON
	js := c.run("history", "show", strconv.FormatInt(a, 10), "-o", "json").want(t, exitOK).stdout
	noSecretIn(t, js)
	if err := json.Unmarshal([]byte(js), &j); err != nil {
		t.Fatal(err)
	}
	if j.ID != a || j.Profile != "a" || j.Request == nil || j.Request.Method != "POST" || j.Response == nil || j.Response.Status != 200 ||
		len(j.Response.Headers) == 0 {
		t.Errorf("show -o json = %s", js)
	}
}

func TestHistoryDiff(t *testing.T) {
	c, a, b := twoCalls(t)
	ids := []string{strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)}
	out := c.run("history", "diff", ids[0], ids[1]).want(t, exitOK).stdout
	noSecretIn(t, out)
	for _, want := range []string{"note: the calls are of different profiles (a and b); compared all the same",
		"~  profile ", "+  request.header.X-Client ", "(absent)", " tv", "fields differ, "} {
		if !strings.Contains(out, want) {
			t.Errorf("history diff lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "request.body.clientKey") || strings.Contains(out, "request.method") {
		t.Errorf("history diff lists equal fields:\n%s", out)
	}

	var d diffJSON
	if err := json.Unmarshal([]byte(c.run("history", "diff", ids[0], ids[1], "-o", "json").want(t, exitOK).stdout), &d); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range d.Changes {
		if f.Field == "request.header.X-Client" {
			found = f.Change == "added" && f.A == nil && f.B != nil && *f.B == "tv"
		}
	}
	if d.SameProfile || d.A.ID != a || d.B.ID != b || !found || d.Same == 0 {
		t.Errorf("diff -o json = %+v", d)
	}

	same := c.run("history", "diff", ids[0], ids[0]).want(t, exitOK).stdout
	if strings.Contains(same, "different profiles") || !strings.HasSuffix(same, "0 fields differ, "+strconv.Itoa(d.Same+len(d.Changes)-countOf(d, "added"))+" the same\n") {
		t.Errorf("a call against itself:\n%s", same)
	}
}

func countOf(d diffJSON, change string) int {
	n := 0
	for _, f := range d.Changes {
		if f.Change == change {
			n++
		}
	}
	return n
}

func TestHistoryShowDiffBadIDs(t *testing.T) {
	c, a, _ := twoCalls(t)
	for _, args := range [][]string{
		{"show"}, {"show", "x"}, {"show", "0"}, {"show", "-3"}, {"show", "99999"},
		{"diff", strconv.FormatInt(a, 10)}, {"diff", strconv.FormatInt(a, 10), "99999"},
		{"show", strconv.FormatInt(a, 10), "-o", "yaml"},
	} {
		r := c.run(append([]string{"history"}, args...)...).want(t, exitBadArgs)
		if r.stdout != "" || r.stderr == "" {
			t.Errorf("%v: stdout %q stderr %q", args, r.stdout, r.stderr)
		}
	}
}

// TestHistoryShowDiffSanitise: text from a server or a file with terminal
// controls (headers, bodies, profile names) reaches neither show nor diff.
func TestHistoryShowDiffSanitise(t *testing.T) {
	a, b := readmeDiffCalls()
	evil := "\x1b]0;pwned\x07\x1b[2J\u202e\u009b31m"
	b.Profile += evil
	b.Exchange.Response.Headers = append(b.Exchange.Response.Headers, store.Header{Name: "X-Evil" + evil, Value: "v" + evil})
	b.Exchange.Response.Body = `{"error":"` + evil + `"}` + "\n" + evil
	var out strings.Builder
	if err := writeCall(&out, b); err != nil {
		t.Fatal(err)
	}
	if err := writeCallDiff(&out, tokens.DiffCalls(a, b), 80); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u202e\u009b") {
		t.Errorf("terminal controls in the output:\n%q", out.String())
	}
	if !strings.Contains(out.String(), "X-Evil") {
		t.Errorf("the header is missing:\n%s", out.String())
	}
}
