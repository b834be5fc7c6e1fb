package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestActivateKeepsEachCallsExchange: with -p every call of the activation
// (issue, regcode, announce, the last poll, the signed-in refresh) keeps its
// masked request and response, shown by history show; no token, secret or
// uid signature reaches the output or state.db.
func TestActivateKeepsEachCallsExchange(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	saveDemo(t, c, srv, "tv")
	r := runActivate(t, c, func(ev map[string]any) bool {
		if err := srv.Server.Approve(ev["regCode"].(string), "premium"); err != nil {
			t.Error(err)
		}
		return false
	}, "-p", "tv", "--poll", "20ms")
	if r.code != exitOK || len(r.events) != 2 {
		t.Fatalf("exit %d, events %v\n%s", r.code, r.events, r.stderr)
	}
	var all []historyEntryJSON
	if err := json.Unmarshal([]byte(c.run("history", "tv", "-o", "json").want(t, exitOK).stdout), &all); err != nil {
		t.Fatal(err)
	}
	secrets := []string{r.events[1]["accessToken"].(string), r.events[1]["refreshToken"].(string), "eyJhbGci"}
	want := map[string][2]string{"issue": {"POST", "/identity/v3/token"}, "regcode": {"GET", "/utilities/v1/regcode"},
		"announce": {"PUT", "/keystore/v1/mvpd/"}, "poll": {"GET", "/keystore/v1/mvpd/"}, "refresh": {"POST", "/identity/v3/token/refresh"}}
	seen := 0
	for _, e := range all {
		kind, _, _ := strings.Cut(e.Kind, " ")
		line, ok := want[kind]
		if !ok {
			continue
		}
		seen++
		out := c.run("history", "show", strconv.FormatInt(e.ID, 10)).want(t, exitOK).stdout
		if strings.Contains(out, "were not recorded") || !strings.Contains(out, "> "+line[0]+" ") || !strings.Contains(out, line[1]) || !strings.Contains(out, "< 200") {
			t.Errorf("%s call %d: no exchange with %q:\n%s", e.Kind, e.ID, line, out)
		}
		if kind == "poll" && (!strings.Contains(out, `"uidSignature":"••••`) || !strings.Contains(out, `"uid":`)) {
			t.Errorf("the activated record is not shown with its signature masked:\n%s", out)
		}
		noSecretIn(t, out)
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s call shows a secret %.12q…", e.Kind, s)
			}
		}
	}
	if seen < len(want) {
		t.Errorf("history has %d of the %d activation calls: %+v", seen, len(want), all)
	}
	db, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "state.db"))
	wal, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "state.db-wal"))
	for _, s := range secrets[:2] {
		if strings.Contains(string(db)+string(wal), s) {
			t.Errorf("state.db holds a token %.12q…", s)
		}
	}
}
