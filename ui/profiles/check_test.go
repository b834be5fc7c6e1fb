package profiles

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokens"
)

// TestCheckKeys: alt+c asks to check the selected profile, alt+a every
// profile the filter shows; while a check runs esc asks to cancel it (the
// filter stays) and the check keys only warn.
func TestCheckKeys(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 120, 24), "down", "alt+c")
	if len(msgs) != 1 || !reflect.DeepEqual(msgs[0], CheckMsg{Names: []string{"prod-eu"}}) {
		t.Fatalf("alt+c: %#v", msgs)
	}
	m, msgs = send(t, m, "prod", "alt+a")
	if len(msgs) != 1 || !reflect.DeepEqual(msgs[0], CheckMsg{Names: []string{"prod-eu", "prod-us"}}) {
		t.Fatalf("alt+a with filter prod: %#v", msgs)
	}
	m.StartCheck([]string{"prod-eu", "prod-us"})
	m.SetCheckResult(tokens.CheckResult{Profile: "prod-eu", Kind: tokens.CheckUnauthorized, Status: 401, Latency: 95 * time.Millisecond})
	v := ansi.Strip(m.View())
	for _, want := range []string{"CHECK", "✗ 401 wrong secret 95ms", "checking…", "checked 1 of 2 · 1 failed · esc cancels"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q:\n%s", want, v)
		}
	}
	if _, msgs = send(t, m, "alt+a"); len(msgs) != 0 {
		t.Fatalf("a second check started: %#v", msgs)
	}
	m, msgs = send(t, m, "esc")
	if len(msgs) != 1 || msgs[0] != (CancelCheckMsg{}) || m.Filter() != "prod" {
		t.Fatalf("esc during a check: %#v, filter %q", msgs, m.Filter())
	}
	m.SetCheckResult(tokens.CheckResult{Profile: "prod-us", Kind: tokens.CheckCanceled})
	m.EndCheck(true, nil)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "checked 2 of 2 · 2 failed · canceled") {
		t.Fatalf("after the end:\n%s", v)
	}
	if m, msgs = send(t, m, "esc"); len(msgs) != 0 || m.Filter() != "" {
		t.Fatalf("esc after the check does not clear the filter: %#v %q", msgs, m.Filter())
	}
}

// TestCheckColumnGivesNamesTheRoomItDoesNotNeed: at 80 columns a check of
// one profile leaves the other CHECK cells empty; the column is as wide as
// its widest cell, so names of 18 characters are not cut.
func TestCheckColumnGivesNamesTheRoomItDoesNotNeed(t *testing.T) {
	t.Parallel()
	ps := []store.Profile{
		{Name: "production-eu-west", Endpoint: "https://api.eu.example.com", ClientKey: "Zk81aaaaaaaaaaa3Ue", SecretStore: store.SecretKeyring},
		{Name: "production-us-east", Endpoint: "https://api.us.example.com", ClientKey: "Qa7Raaaaaaaaaaas0Ge", SecretStore: store.SecretKeyring},
	}
	m := newPane(ps, 78, 22)
	m.StartCheck([]string{"production-eu-west"})
	m.SetCheckResult(tokens.CheckResult{Profile: "production-eu-west", Kind: tokens.CheckOK, Latency: 12 * time.Millisecond})
	m.EndCheck(false, nil)
	v := ansi.Strip(m.View())
	for _, p := range ps {
		if !strings.Contains(v, p.Name) {
			t.Fatalf("name %s cut beside a CHECK column with one result:\n%s", p.Name, v)
		}
	}
	if !strings.Contains(v, "CHECK") || !strings.Contains(v, "12ms") {
		t.Fatalf("no CHECK column:\n%s", v)
	}
}
