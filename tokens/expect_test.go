package tokens

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// checkExpect checks profile "anon" against the fake server (anonymous
// tokens grant the free plan, live ttl) with the expectations e.
func checkExpect(t *testing.T, ttl time.Duration, e Expectations) CheckResult {
	t.Helper()
	const key, secret = "client-key-expect-xxxxxxxxxxxxxx", "secret-SECRET-expect"
	srv := fakeservertest.New(t, fakeserver.Config{Clients: map[string]string{key: secret}, TTL: ttl})
	s, _ := openTest(t, store.Options{})
	p := sampleProfile("anon")
	p.Endpoint, p.ClientKey = srv.URL, key
	if err := s.Save(p, &store.Secrets{ClientSecret: secret}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []CheckResult
	err := s.Check(context.Background(), []string{"anon"}, CheckOptions{Expect: e},
		func(endpoint string) Issuer { return tokenclient.New(tokenclient.Options{BaseURL: endpoint}) },
		func(r CheckResult) { got = append(got, r) })
	if err != nil || len(got) != 1 {
		t.Fatalf("Check: %v, %d results", err, len(got))
	}
	return got[0]
}

func TestCheckAnonymousGrantsFree(t *testing.T) {
	r := checkExpect(t, time.Hour, Expectations{Plans: []string{"FREE"}, MinLeft: 30 * time.Minute})
	if r.Kind != CheckOK || r.Access == nil || Plans(r) != "free" || len(r.Unmet) != 0 {
		t.Fatalf("kind %s, plans %q, unmet %+v; want ok, free", r.Kind, Plans(r), r.Unmet)
	}
}

func TestCheckExpectPlanUnmet(t *testing.T) {
	r := checkExpect(t, time.Hour, Expectations{Plans: []string{"NFL_PLUS", "free"}})
	if r.Kind != CheckUnmet || r.OK() || len(r.Unmet) != 1 || r.Unmet[0].Plan != "NFL_PLUS" {
		t.Fatalf("kind %s, unmet %+v; want unmet NFL_PLUS only", r.Kind, r.Unmet)
	}
	if got, want := UnmetReasons(r), "plan NFL_PLUS is not in the token (it grants free)"; got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	if Describe(r) != "plan not granted" {
		t.Errorf("Describe %q", Describe(r))
	}
}

func TestCheckMinLeftUnmet(t *testing.T) {
	r := checkExpect(t, 5*time.Minute, Expectations{MinLeft: 10 * time.Minute})
	if r.Kind != CheckUnmet || len(r.Unmet) != 1 || r.Unmet[0].MinLeft != 10*time.Minute || r.Unmet[0].Left > 5*time.Minute {
		t.Fatalf("kind %s, unmet %+v; want too little left", r.Kind, r.Unmet)
	}
	if got := UnmetReasons(r); !strings.HasPrefix(got, "the token has ") || !strings.HasSuffix(got, "left, less than the 10m expected") {
		t.Errorf("reason %q", got)
	}
}

// plansJWT is an unsigned token whose plans claim is plans.
func plansJWT(plans string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"uid":"u1","plans":`+plans+`}`)) + ".x"
}

// TestExpectationsEvaluate covers the plan rules: granted, expired,
// cancelled in the past and the future, absent, unreadable, and time left
// at the boundary.
func TestExpectationsEvaluate(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		plans, want string
		unmet       bool
		status      string
		unknown     bool
	}{
		{`[{"plan":"NFL_PLUS","status":"ACTIVE"}]`, "nfl_plus", false, "", false},
		{`[{"plan":"NFL_PLUS","status":"EXPIRED"}]`, "NFL_PLUS", true, "EXPIRED", false},
		{`[{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03T12:00:01Z"}]`, "NFL_PLUS", false, "", false},
		{`[{"plan":"NFL_PLUS","status":"CANCELLED","expirationDate":"2026-12-03"}]`, "NFL_PLUS", true, "CANCELLED", false},
		{`[{"plan":"free","status":"ACTIVE"}]`, "NFL_PLUS", true, "", false},
		{`"NFL_PLUS"`, "NFL_PLUS", true, "", true},
		{`[{"plan":"NFL_PLUS","status":"PAUSED"}]`, "NFL_PLUS", true, "PAUSED", true},
		// Premium includes NFL+ (claims explain says "NFL+ yes"), not the other way round.
		{`[{"plan":"free","status":"ACTIVE"},{"plan":"NFL_PLUS_PREMIUM","status":"ACTIVE"}]`, "NFL_PLUS", false, "", false},
		{`[{"plan":"NFL_PLUS_PREMIUM","status":"EXPIRED"}]`, "NFL_PLUS", true, "", false},
		{`[{"plan":"NFL_PLUS","status":"ACTIVE"}]`, "NFL_PLUS_PREMIUM", true, "", false},
	}
	for _, c := range cases {
		a := tokenclient.ExplainAccess(tokenclient.DecodeJWT(plansJWT(c.plans)), now)
		u := Expectations{Plans: []string{c.want}}.Evaluate(&a, now.Add(time.Hour), now)
		if (len(u) > 0) != c.unmet {
			t.Errorf("%s want %s: unmet %+v, want unmet=%v", c.plans, c.want, u, c.unmet)
			continue
		}
		if c.unmet && (u[0].Status != c.status || u[0].Unknown != c.unknown) {
			t.Errorf("%s: %+v, want status %q unknown %v", c.plans, u[0], c.status, c.unknown)
		}
	}
	e := Expectations{MinLeft: time.Minute}
	if u := e.Evaluate(nil, now.Add(time.Minute), now); len(u) != 0 {
		t.Errorf("exactly MinLeft left: %+v, want met", u)
	}
	if u := e.Evaluate(nil, now.Add(time.Minute-time.Second), now); len(u) != 1 || u[0].Left != time.Minute-time.Second {
		t.Errorf("one second short: %+v", u)
	}
	if u := e.Evaluate(nil, now.Add(-time.Hour), now); len(u) != 1 || u[0].Left != 0 {
		t.Errorf("expired: %+v, want Left 0", u)
	}
}
