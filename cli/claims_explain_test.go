package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// premiumClaims are a signed-in token's claims: a premium plan cancelled
// but paid far ahead, an expired NFL+ plan, two networks with access.
const premiumClaims = `{"uid":"8f2c0a","exp":1795773600,"plans":[
	{"plan":"free","status":"ACTIVE","expirationDate":"2125-01-01"},
	{"plan":"NFL_PLUS_PREMIUM","status":"CANCELLED","expirationDate":"2999-01-03"},
	{"plan":"NFL_PLUS","status":"EXPIRED","expirationDate":"2025-02-01"}],
	"networks":{"NFLN":"true","NFLRZ":"true","OFF":""},"dmaCode":"501","region":"NY","countryCode":"US","city":"new\u001b[2Jyork"}`

func TestClaimsExplainText(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	tok := unsignedJWT(premiumClaims)
	out := c.run("claims", "explain", tok).want(t, exitOK).stdout
	for _, want := range []string{
		"Signed in     yes (uid 8f2c0a)",
		"NFL+          yes",
		"NFL+ Premium  yes",
		"Plans         ACCESS   PLAN          STATUS\n",
		"              yes      free          active\n",
		"              yes      NFL+ Premium  cancelled, valid until 2999-01-03 (",
		"              no       NFL+          expired 2025-02-01\n",
		"Networks      NFLN, NFLRZ",
		"DMA code      501",
		"Location      NY, US (new[2Jyork)",
		"Expires       2026-11-27 10:00:00 UTC (expired ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("claims explain lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, tok) {
		t.Errorf("claims explain printed an escape or the token:\n%q", out)
	}

	// The same token from stdin, from a token response file, as JSON.
	dir := t.TempDir()
	file := filepath.Join(dir, "resp.json")
	resp, _ := json.Marshal(map[string]any{"accessToken": tok, "refreshToken": "rt"})
	if err := os.WriteFile(file, resp, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := c.runStdin(tok, "claims", "explain", "-").want(t, exitOK).stdout; got != out {
		t.Errorf("from stdin:\n%s\nwant\n%s", got, out)
	}
	var acc struct {
		SignedIn *bool  `json:"signedIn"`
		UID      string `json:"uid"`
		Plans    []struct {
			Plan, Status string
			GrantsAccess *bool  `json:"grantsAccess"`
			Until        string `json:"until"`
		} `json:"plans"`
		NFLPlus   *bool    `json:"nflPlus"`
		Premium   *bool    `json:"premium"`
		Networks  []string `json:"networks"`
		DMACode   string   `json:"dmaCode"`
		ExpiresAt string   `json:"expiresAt"`
	}
	js := c.run("claims", "explain", file, "-o", "json").want(t, exitOK).stdout
	if err := json.Unmarshal([]byte(js), &acc); err != nil {
		t.Fatalf("%v:\n%s", err, js)
	}
	if acc.SignedIn == nil || !*acc.SignedIn || acc.UID != "8f2c0a" || len(acc.Plans) != 3 || acc.Plans[1].GrantsAccess == nil || !*acc.Plans[1].GrantsAccess ||
		acc.Plans[1].Until != "2999-01-03T00:00:00Z" || *acc.Plans[2].GrantsAccess || acc.NFLPlus == nil || !*acc.NFLPlus ||
		!*acc.Premium || strings.Join(acc.Networks, ",") != "NFLN,NFLRZ" || acc.DMACode != "501" || acc.ExpiresAt != "2026-11-27T10:00:00Z" {
		t.Errorf("claims explain -o json:\n%s", js)
	}
}

func TestClaimsExplainBadInput(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	r := c.run("claims", "explain", unsignedJWT(`{"plans":"NFL_PLUS","networks":["NFLN"]}`)).want(t, exitOK)
	for _, want := range []string{"NFL+          unknown", "Plans         could not be read (see below)", "Could not read:", "plans should be a list", "networks should be a map"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("unreadable claims: output lacks %q:\n%s", want, r.stdout)
		}
	}
	js := c.run("claims", "explain", unsignedJWT(`{"plans":["NFL_PLUS"]}`), "-o", "json").want(t, exitOK).stdout
	if !strings.Contains(js, `"nflPlus": null`) || !strings.Contains(js, `"problems"`) {
		t.Errorf("a plan given as a string must leave NFL+ unknown (null):\n%s", js)
	}
	// Through the one JSON printer: a bidi override from the token is
	// escaped, not printed raw.
	js = c.run("claims", "explain", unsignedJWT(`{"dmaCode":"50\u202e1"}`), "-o", "json").want(t, exitOK).stdout
	if strings.ContainsRune(js, '\u202e') || !strings.Contains(js, `"dmaCode": "50\u202e1"`) {
		t.Errorf("a bidi override in a claim must be escaped in -o json:\n%q", js)
	}
	r = c.run("claims", "explain", "opaque-token").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "not a JWT") {
		t.Errorf("an opaque token: stderr %q", r.stderr)
	}
	c.run("claims", "explain").want(t, exitBadArgs)
	c.run("claims", "explain", "x", "-p", "prod").want(t, exitBadArgs)
	r = c.run("claims", "explain", "-p", "nosuch").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, `profile "nosuch"`) || strings.Contains(r.stderr, "not a file") {
		t.Errorf("a missing profile: stderr %q", r.stderr)
	}
}

// TestClaimsExplainProfile explains a saved profile's cached token, as the
// fake server issues it (anonymous: the free plan, market 501).
func TestClaimsExplainProfile(t *testing.T) {
	t.Parallel()
	srv := demoServer(t)
	c := demoCLI(t)
	c.run("profiles", "save", "demo", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	c.run("claims", "explain", "-p", "demo").want(t, exitBadArgs) // no token cached yet
	tok := strings.TrimSpace(c.run("token", "-p", "demo").want(t, exitOK).stdout)
	out := c.run("claims", "explain", "-p", "demo").want(t, exitOK).stdout
	for _, want := range []string{"Signed in     no (anonymous: no uid claim)", "NFL+          no", "              yes      free", "DMA code      501", "Expires       "} {
		if !strings.Contains(out, want) {
			t.Errorf("claims explain -p lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, tok) || strings.Contains(out, "Could not read") {
		t.Errorf("claims explain -p:\n%s", out)
	}
}

// TestClaimsExplainUnreadableUIDAndExp: a uid claim that is not non-empty
// text makes "signed in" unknown (null in JSON), never no, and an exp claim
// that is there but cannot be read is not called missing.
func TestClaimsExplainUnreadableUIDAndExp(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	cases := []struct {
		claims   string
		text     []string
		signedIn string // the JSON value
	}{
		{`{"uid":5,"exp":"x"}`, []string{
			"Signed in     unknown (the uid claim could not be read, see below)",
			"Expires       unknown (the exp claim could not be read: not a number)",
			"whether the token is signed in is not known"}, "null"},
		{`{"uid":"","exp":1e30}`, []string{
			"Signed in     unknown (",
			"Expires       unknown (the exp claim could not be read: out of range)",
			"exp 1e30 is out of range"}, "null"},
		{`{"exp":1000000000001}`, []string{
			"Signed in     no (anonymous: no uid claim)",
			"Expires       unknown (the exp claim could not be read: out of range)"}, "false"},
		{`{"uid":"u1"}`, []string{
			"Signed in     yes (uid u1)",
			"Expires       unknown (no exp claim)"}, "true"},
	}
	ran := 0
	for _, cs := range cases {
		tok := unsignedJWT(cs.claims)
		out := c.run("claims", "explain", tok).want(t, exitOK).stdout
		for _, want := range cs.text {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", cs.claims, want, out)
			}
		}
		if strings.Contains(cs.claims, "exp") && strings.Contains(out, "no exp claim") {
			t.Errorf("%s: an exp claim that is there is called missing:\n%s", cs.claims, out)
		}
		js := c.run("claims", "explain", tok, "-o", "json").want(t, exitOK).stdout
		if !strings.Contains(js, `"signedIn": `+cs.signedIn+",") {
			t.Errorf("%s: JSON signedIn is not %s:\n%s", cs.claims, cs.signedIn, js)
		}
		ran++
	}
	if ran != 4 {
		t.Fatalf("ran %d cases", ran)
	}
}
