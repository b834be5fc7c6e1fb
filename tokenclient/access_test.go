package tokenclient

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// accessNow is the verdicts' clock in these tests.
var accessNow = time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)

// jwtOf builds an unsigned JWT around claims.
func jwtOf(claims string) JWT {
	enc := base64.RawURLEncoding.EncodeToString
	return DecodeJWT(enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(claims)) + ".c2ln")
}

// onePlan is the verdict for a token whose only plan is plan.
func onePlan(t *testing.T, plan string) (Access, PlanAccess) {
	t.Helper()
	a := ExplainAccess(jwtOf(`{"plans":[`+plan+`]}`), accessNow)
	if len(a.Plans) != 1 {
		t.Fatalf("%s: %d plans, want 1", plan, len(a.Plans))
	}
	return a, a.Plans[0]
}

func TestPlanStatusBoundaries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, plan string
		grants     string // yes, no, unknown
		words      string
	}{
		{"cancelled, date today", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03"}`, "no", "cancelled, ended 2026-12-03"},
		{"cancelled, one second left", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03T07:00:01Z"}`, "yes", "cancelled, valid until 2026-12-03 07:00 UTC (1s left)"},
		{"cancelled, this very second", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03T07:00:00Z"}`, "no", "cancelled, ended 2026-12-03 07:00 UTC"},
		{"cancelled, date yesterday", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-02"}`, "no", "cancelled, ended 2026-12-02"},
		{"cancelled, date tomorrow", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-04"}`, "yes", "cancelled, valid until 2026-12-04 (17h 0m left)"},
		{"cancelled, a month left", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2027-01-03"}`, "yes", "cancelled, valid until 2027-01-03 (31 days)"},
		{"cancelled, offset time", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03T02:00:01-05:00"}`, "yes", "cancelled, valid until 2026-12-03 07:00 UTC (1s left)"},
		{"cancelled, far ahead", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2999-01-03"}`, "yes", "cancelled, valid until 2999-01-03 (355047 days)"},
		{"active, date yesterday", `{"plan":"NFL_PLUS","status":"ACTIVE","expirationDate":"2026-12-02"}`, "yes", "active"},
		{"active, no date", `{"plan":"NFL_PLUS","status":"ACTIVE"}`, "yes", "active"},
		{"expired, date tomorrow", `{"plan":"NFL_PLUS","status":"EXPIRED","expirationDate":"2026-12-04"}`, "no", "expired 2026-12-04"},
		{"expired, date yesterday", `{"plan":"NFL_PLUS","status":"EXPIRED","expirationDate":"2026-12-02"}`, "no", "expired 2026-12-02"},
		{"cancelled, no date", `{"plan":"NFL_PLUS","status":"CANCELLED"}`, "no", "cancelled, no expiration date"},
		{"cancelled, null date", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":null}`, "no", "cancelled, no expiration date"},
		{"cancelled, date as US text", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"01/03/2027"}`, "unknown", "cancelled, expiration date unreadable"},
		{"cancelled, date as a number", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":1798934400}`, "unknown", "cancelled, expiration date unreadable"},
		{"cancelled, date with a space", `{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2027-01-03 00:00:00"}`, "unknown", "cancelled, expiration date unreadable"},
		{"lower-case status", `{"plan":"NFL_PLUS","status":"active"}`, "unknown", `status "active" (not a known status)`},
		{"no status", `{"plan":"NFL_PLUS"}`, "unknown", "status unknown"},
	}
	ran := 0
	for _, c := range cases {
		a, p := onePlan(t, c.plan)
		if got := YesNo(p.GrantsAccess); got != c.grants {
			t.Errorf("%s: grants access %s, want %s", c.name, got, c.grants)
		}
		if got := p.Words(); got != c.words {
			t.Errorf("%s: words %q, want %q", c.name, got, c.words)
		}
		if got := YesNo(a.NFLPlus); got != c.grants {
			t.Errorf("%s: NFL+ %s, want %s (the only NFL+ plan decides)", c.name, got, c.grants)
		}
		if (c.grants == "unknown") != (len(a.Problems) > 0) {
			t.Errorf("%s: problems %q; an unknown answer must say why, a known one has none", c.name, a.Problems)
		}
		ran++
	}
	if ran != len(cases) || ran < 19 {
		t.Fatalf("ran %d cases", ran)
	}
}

func TestAccessSignedInPremium(t *testing.T) {
	t.Parallel()
	a := ExplainAccess(jwtOf(`{"uid":"8f2c0a","plans":[
		{"plan":"free","status":"ACTIVE","expirationDate":"2125-01-01","source":"NFL","trial":false},
		{"plan":"NFL_PLUS_PREMIUM","status":"CANCELLED","expirationDate":"2027-01-03","trial":true},
		{"plan":"NFL_PLUS","status":"EXPIRED","expirationDate":"2025-02-01"}],
		"networks":{"NFLN":"true","NFLRZ":true,"OFF":"","ZERO":0},"dmaCode":"501","region":"NY","countryCode":"US","city":"new york","exp":1795773600}`), accessNow)
	if !a.Readable || YesNo(a.SignedIn) != "yes" || a.UID != "8f2c0a" {
		t.Errorf("signed in: %+v", a)
	}
	if YesNo(a.NFLPlus) != "yes" || YesNo(a.Premium) != "yes" {
		t.Errorf("NFL+ %s, premium %s: a cancelled premium plan still in its period grants both", YesNo(a.NFLPlus), YesNo(a.Premium))
	}
	if len(a.Plans) != 3 || a.Plans[2].Status != StatusExpired || YesNo(a.Plans[2].GrantsAccess) != "no" || !a.Plans[1].Trial {
		t.Errorf("plans %+v: the expired plan is listed and grants nothing", a.Plans)
	}
	if strings.Join(a.Networks, ",") != "NFLN,NFLRZ" {
		t.Errorf("networks %q, want the two with access", a.Networks)
	}
	if a.DMACode != "501" || a.Region != "NY" || a.Country != "US" || a.ExpiresAt == nil || a.ExpiresAt.Unix() != 1795773600 {
		t.Errorf("location or expiry: %+v", a)
	}
	if len(a.Problems) != 0 {
		t.Errorf("problems %q in a well-formed token", a.Problems)
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"signedIn":true`, `"uid":"8f2c0a"`, `"grantsAccess":true`, `"until":"2027-01-03T00:00:00Z"`, `"nflPlus":true`, `"premium":true`, `"networks":["NFLN","NFLRZ"]`, `"dmaCode":"501"`, `"expiresAt":"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("JSON lacks %s: %s", want, out)
		}
	}
}

func TestAccessAnonymousFree(t *testing.T) {
	t.Parallel()
	a := ExplainAccess(jwtOf(`{"plans":[{"plan":"free","status":"ACTIVE"}],"dmaCode":501}`), accessNow)
	if YesNo(a.SignedIn) != "no" || YesNo(a.NFLPlus) != "no" || YesNo(a.Premium) != "no" || len(a.Networks) != 0 || a.DMACode != "501" {
		t.Errorf("anonymous free token: %+v", a)
	}
}

func TestAccessBadInputNeverGuesses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, claims string
		nflPlus      string
		problem      string
	}{
		{"plans as a string", `{"plans":"NFL_PLUS"}`, "unknown", "plans should be a list"},
		{"plans as strings", `{"plans":["NFL_PLUS"]}`, "unknown", "plans[0]: should be an object and is text"},
		{"networks as a list", `{"plans":[],"networks":["NFLN"]}`, "no", "networks should be a map"},
		{"uid a number", `{"uid":42}`, "no", "uid should be text"},
		{"plan name a number", `{"plans":[{"plan":7,"status":"ACTIVE"}]}`, "unknown", "plans[0]: plan should be text"},
		{"exp as text", `{"exp":"tomorrow"}`, "no", "exp should be a number"},
		{"one readable plan grants", `{"plans":["x",{"plan":"NFL_PLUS","status":"ACTIVE"}]}`, "yes", "plans[0]"},
	}
	ran := 0
	for _, c := range cases {
		a := ExplainAccess(jwtOf(c.claims), accessNow)
		if got := YesNo(a.NFLPlus); got != c.nflPlus {
			t.Errorf("%s: NFL+ %s, want %s", c.name, got, c.nflPlus)
		}
		if !strings.Contains(strings.Join(a.Problems, "\n"), c.problem) {
			t.Errorf("%s: problems %q lack %q", c.name, a.Problems, c.problem)
		}
		ran++
	}
	if ran != len(cases) {
		t.Fatalf("ran %d cases", ran)
	}

	a := ExplainAccess(DecodeJWT("opaque-token"), accessNow)
	if a.Readable || a.NFLPlus != nil || a.Premium != nil || len(a.Problems) != 1 || !strings.Contains(a.Problems[0], "not a JWT") {
		t.Errorf("an opaque token: %+v", a)
	}
}

// BenchmarkExplainAccess reads a real-shaped signed-in token's verdict:
// the console does it on every one-second tick while a token is shown.
func BenchmarkExplainAccess(b *testing.B) {
	j := jwtOf(`{"clientKey":"k","iss":"NFL","deviceId":"d","uid":"a3f09c1e7b2d4f60","plans":[` +
		`{"plan":"free","source":"NFL","status":"ACTIVE","startDate":"2024-01-01","expirationDate":"2125-01-01","trial":false},` +
		`{"plan":"NFL_PLUS_PREMIUM","source":"NFL","status":"CANCELLED","startDate":"2026-09-01","expirationDate":"2027-01-03","trial":false}],` +
		`"networks":{"NFLN":"true","NFLRZ":"true"},"countryCode":"US","dmaCode":"501","region":"NY","city":"new york","roles":["free","premium"],"exp":1795773600}`)
	for b.Loop() {
		_ = ExplainAccess(j, accessNow)
	}
}

// TestPlanVerdictProperties runs every combination of plan, status and
// expirationDate values, well- and ill-formed, and checks the rules hold:
// access only for ACTIVE, or CANCELLED with a date ahead; an unknown
// answer always says why; NFL+ never yes without a plan that grants it.
func TestPlanVerdictProperties(t *testing.T) {
	t.Parallel()
	plans := []string{`"free"`, `"NFL_PLUS"`, `"NFL_PLUS_PREMIUM"`, `"OTHER"`, `7`, `null`}
	statuses := []string{`"ACTIVE"`, `"CANCELLED"`, `"EXPIRED"`, `"active"`, `"PAUSED"`, `1`, `null`}
	dates := []string{`"2026-12-03"`, `"2026-12-04"`, `"2026-12-02"`, `"2026-12-03T07:00:01Z"`, `"2026-12-03T07:00:00Z"`,
		`"01/03/2027"`, `1798934400`, `null`, `""`}
	ran := 0
	for _, pl := range plans {
		for _, st := range statuses {
			for _, d := range dates {
				for _, withDate := range []bool{true, false} {
					entry := `{"plan":` + pl + `,"status":` + st
					if withDate {
						entry += `,"expirationDate":` + d
					}
					entry += `}`
					a, p := onePlan(t, entry)
					ran++
					switch {
					case p.GrantsAccess == nil && p.Problem == "":
						t.Errorf("%s: unknown without a reason", entry)
					case p.GrantsAccess != nil && *p.GrantsAccess &&
						!(p.Status == StatusActive || (p.Status == StatusCancelled && p.Until != nil && p.Until.After(accessNow))):
						t.Errorf("%s: grants access against the rule", entry)
					case YesNo(a.NFLPlus) == "yes" && !(p.GrantsAccess != nil && *p.GrantsAccess && (p.Plan == PlanNFLPlus || p.Plan == PlanNFLPlusPrem)):
						t.Errorf("%s: NFL+ yes without a granting NFL+ plan", entry)
					case p.Words() == "":
						t.Errorf("%s: no words", entry)
					}
				}
			}
		}
	}
	if want := len(plans) * len(statuses) * len(dates) * 2; ran != want {
		t.Fatalf("ran %d cases, want %d", ran, want)
	}
}

// TestAccessUnreadableUIDAndExp: a uid claim that is there but is not
// non-empty text leaves "signed in" unknown (never false), and an exp
// claim that is there but cannot be read says why instead of passing for
// a missing one.
func TestAccessUnreadableUIDAndExp(t *testing.T) {
	t.Parallel()
	uids := []struct {
		claims, signedIn, uid string
	}{
		{`{}`, "no", ""},
		{`{"uid":"u1"}`, "yes", "u1"},
		{`{"uid":" u1 "}`, "yes", "u1"},
		{`{"uid":""}`, "unknown", ""},
		{`{"uid":"  "}`, "unknown", ""},
		{`{"uid":5}`, "unknown", ""},
		{`{"uid":0}`, "unknown", ""},
		{`{"uid":null}`, "unknown", ""},
		{`{"uid":true}`, "unknown", ""},
		{`{"uid":["u1"]}`, "unknown", ""},
		{`{"uid":{"id":"u1"}}`, "unknown", ""},
		{`{"uid":5,"exp":"x"}`, "unknown", ""},
	}
	ran := 0
	for _, c := range uids {
		a := ExplainAccess(jwtOf(c.claims), accessNow)
		ran++
		if got := YesNo(a.SignedIn); got != c.signedIn || a.UID != c.uid {
			t.Errorf("%s: signed in %s uid %q, want %s %q", c.claims, got, a.UID, c.signedIn, c.uid)
		}
		said := strings.Contains(strings.Join(a.Problems, "\n"), "whether the token is signed in is not known")
		if said != (c.signedIn == "unknown") {
			t.Errorf("%s: problems %q; an unknown signed-in answer must say why, a known one must not", c.claims, a.Problems)
		}
		out, _ := json.Marshal(a)
		if want := map[string]string{"yes": `"signedIn":true`, "no": `"signedIn":false`, "unknown": `"signedIn":null`}[c.signedIn]; !strings.Contains(string(out), want) {
			t.Errorf("%s: JSON lacks %s: %s", c.claims, want, out)
		}
	}
	if ran != len(uids) || ran != 12 {
		t.Fatalf("ran %d uid cases", ran)
	}

	exps := []struct {
		claims  string
		read    bool
		why     string // ExpiryProblem
		problem string // in Problems ("" when none)
	}{
		{`{}`, false, "", ""},
		{`{"exp":1795773600}`, true, "", ""},
		{`{"exp":1000000000000}`, true, "", ""},
		{`{"exp":-1000000000000}`, true, "", ""},
		{`{"exp":1000000000001}`, false, "out of range", "exp 1000000000001 is out of range"},
		{`{"exp":-1000000000001}`, false, "out of range", "exp -1000000000001 is out of range"},
		{`{"exp":1e30}`, false, "out of range", "exp 1e30 is out of range"},
		{`{"exp":1e400}`, false, "out of range", "exp 1e400 is out of range"},
		{`{"exp":"x"}`, false, "not a number", `exp should be a number of seconds since 1970 and is text ("x")`},
		{`{"exp":"1795773600"}`, false, "not a number", "exp should be a number of seconds since 1970 and is text"},
		{`{"exp":true}`, false, "not a number", "exp should be a number of seconds since 1970 and is a boolean"},
		{`{"exp":null}`, false, "null", "exp is null"},
	}
	ran = 0
	for _, c := range exps {
		a := ExplainAccess(jwtOf(c.claims), accessNow)
		ran++
		if (a.ExpiresAt != nil) != c.read || a.ExpiryProblem != c.why {
			t.Errorf("%s: expires %v why %q, want read %v why %q", c.claims, a.ExpiresAt, a.ExpiryProblem, c.read, c.why)
		}
		problems := strings.Join(a.Problems, "\n")
		if c.problem == "" && problems != "" || !strings.Contains(problems, c.problem) {
			t.Errorf("%s: problems %q, want %q", c.claims, a.Problems, c.problem)
		}
		if c.problem != "" && !strings.Contains(problems, "when the token expires is not known") {
			t.Errorf("%s: problems %q must say the expiry is not known", c.claims, a.Problems)
		}
	}
	if ran != len(exps) || ran != 12 {
		t.Fatalf("ran %d exp cases", ran)
	}
}

// TestDecodeJWTTimeProblemNamesTheReason: a time claim past the range is
// said to be out of range, not "not a number".
func TestDecodeJWTTimeProblemNamesTheReason(t *testing.T) {
	t.Parallel()
	cases := []struct{ claims, want string }{
		{`{"exp":1e30}`, "exp is out of range"},
		{`{"exp":"x"}`, "exp should be a number of seconds since 1970"},
		{`{"iat":"x","exp":1e30}`, "iat should be a number of seconds since 1970 and is not; exp is out of range"},
	}
	for _, c := range cases {
		if j := jwtOf(c.claims); !strings.Contains(j.Problem, c.want) {
			t.Errorf("%s: problem %q lacks %q", c.claims, j.Problem, c.want)
		}
	}
}
