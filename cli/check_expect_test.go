package cli

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
)

// expectFixture is two anonymous profiles (the free plan) against the fake
// server and one whose server is down.
func expectFixture(t *testing.T, ttl time.Duration) *checkFixture {
	t.Helper()
	clients := map[string]string{
		"client-exp-a-aaaaaaaaaaaaaaaaaaaa": "SECRET-exp-a-1f2e3d",
		"client-exp-b-aaaaaaaaaaaaaaaaaaaa": "SECRET-exp-b-4c5b6a",
	}
	return newCheckFixture(t, clients, []profileSpec{
		{name: "alpha", key: "client-exp-a-aaaaaaaaaaaaaaaaaaaa", secret: "SECRET-exp-a-1f2e3d"},
		{name: "beta", key: "client-exp-b-aaaaaaaaaaaaaaaaaaaa", secret: "SECRET-exp-b-4c5b6a"},
		{name: "gone", endpoint: closedEndpoint(t), key: "client-exp-c-aaaaaaaaaaaaaaaaaaaa", secret: "SECRET-exp-c-778899"},
	}, fakeserver.Config{TTL: ttl})
}

// rowOf is the table row of profile name.
func rowOf(t *testing.T, out, name string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, name+" ") {
			return l
		}
	}
	t.Fatalf("no row for %s in:\n%s", name, out)
	return ""
}

func TestCheckPlanColumn(t *testing.T) {
	f := expectFixture(t, time.Hour)
	r := f.c.run("check", "alpha", "beta", "--expect-plan", "free", "--min-left", "30m").want(t, exitOK)
	f.noSecrets(t, r)
	if !strings.Contains(r.stdout, " PLAN ") {
		t.Fatalf("no PLAN column:\n%s", r.stdout)
	}
	for _, n := range []string{"alpha", "beta"} {
		if row := rowOf(t, r.stdout, n); !strings.Contains(row, " free ") {
			t.Errorf("row %q lacks the free plan", row)
		}
	}
}

func TestCheckExpectPlanFails(t *testing.T) {
	f := expectFixture(t, time.Hour)
	r := f.c.run("check", "alpha", "gone", "--expect-plan", "NFL_PLUS,free", "--expect-plan", "nfl_plus").want(t, exitFailed)
	f.noSecrets(t, r)
	row := rowOf(t, r.stdout, "alpha")
	for _, want := range []string{"plan not granted", " free ", "plan NFL_PLUS is not in the token (it grants free)"} {
		if !strings.Contains(row, want) {
			t.Errorf("alpha's row %q lacks %q", row, want)
		}
	}
	if row := rowOf(t, r.stdout, "gone"); !strings.Contains(row, "connection refused") || strings.Contains(row, "NFL_PLUS") {
		t.Errorf("gone's row %q: want the connection failure, no plan verdict", row)
	}

	r = f.c.run("check", "alpha", "--expect-plan", "NFL_PLUS", "-o", "json").want(t, exitFailed)
	var rep checkReportJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	p := rep.Profiles[0]
	if p.OK || p.Result != string(tokens.CheckUnmet) || len(p.Plans) != 1 || p.Plans[0] != "free" || !strings.Contains(p.Unmet, "NFL_PLUS") {
		t.Errorf("json %+v", p)
	}
}

func TestCheckMinLeftFails(t *testing.T) {
	f := expectFixture(t, 10*time.Minute)
	r := f.c.run("check", "alpha", "--min-left", "15m").want(t, exitFailed)
	row := rowOf(t, r.stdout, "alpha")
	if !strings.Contains(row, "too little time left") || !strings.Contains(row, "left, less than the 15m expected") {
		t.Errorf("row %q", row)
	}
	f.c.run("check", "alpha", "--min-left", "5m").want(t, exitOK)
}

func TestCheckExpectBadInput(t *testing.T) {
	f := expectFixture(t, time.Hour)
	for _, args := range [][]string{
		{"--expect-plan", ""},
		{"--expect-plan", "NFL PLUS"},
		{"--expect-plan", "free,"},
		{"--min-left", "-1m"},
		{"-o", "xml"},
	} {
		r := f.c.run(append([]string{"check", "alpha"}, args...)...).want(t, exitBadArgs)
		if r.stdout != "" || !strings.Contains(r.stderr, args[0]) {
			t.Errorf("%v: stdout %q stderr %q; want an error naming %s and nothing checked", args, r.stdout, r.stderr, args[0])
		}
	}
}

func TestCheckJUnit(t *testing.T) {
	f := expectFixture(t, time.Hour)
	r := f.c.run("check", "alpha", "beta", "gone", "--expect-plan", "NFL_PLUS", "-o", "junit").want(t, exitFailed)
	f.noSecrets(t, r)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suite    struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	dec := xml.NewDecoder(strings.NewReader(r.stdout))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, r.stdout)
	}
	if doc.Tests != 3 || doc.Failures != 3 || len(doc.Suite.Cases) != 3 {
		t.Fatalf("tests %d failures %d cases %d, want 3/3/3:\n%s", doc.Tests, doc.Failures, len(doc.Suite.Cases), r.stdout)
	}
	c := doc.Suite.Cases[0]
	if c.Name != "alpha" || c.Failure == nil || c.Failure.Type != "unmet" ||
		c.Failure.Message != "plan not granted: plan NFL_PLUS is not in the token (it grants free)" {
		t.Errorf("alpha: %+v", c)
	}
	if c := doc.Suite.Cases[2]; c.Name != "gone" || c.Failure == nil || !strings.HasPrefix(c.Failure.Message, "connection refused") {
		t.Errorf("gone: %+v", c)
	}
	f.c.run("check", "alpha", "-o", "junit").want(t, exitOK)
}

// TestCheckJUnitEscapes: a server's text with markup, quotes and terminal
// controls comes out as valid XML without the controls.
func TestCheckJUnitEscapes(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	res := readmeCheckResults(now)
	res[1].Profile = `q<"&'>`
	res[1].Err = &tokenHTTPErr{msg: "bad <b>\"secret\"</b> & \x1b[31mred\x07 \x00 \ufffe end"}
	var b strings.Builder
	names := []string{res[0].Profile, res[1].Profile, "never-checked"}
	if err := writeCheckJUnit(&b, names, res[:2], now, time.Second); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	var v struct {
		Skipped int `xml:"skipped,attr"`
		Suite   struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, out)
	}
	if strings.ContainsAny(out, "\x1b\x07\x00") {
		t.Errorf("controls in the XML:\n%q", out)
	}
	if v.Skipped != 1 || len(v.Suite.Cases) != 3 || v.Suite.Cases[1].Name != `q<"&'>` || v.Suite.Cases[1].Failure == nil ||
		!strings.Contains(v.Suite.Cases[1].Failure.Message, `bad <b>"secret"</b> &`) {
		t.Errorf("decoded %+v", v)
	}
}

// tokenHTTPErr is an error whose text is msg.
type tokenHTTPErr struct{ msg string }

func (e *tokenHTTPErr) Error() string { return e.msg }
