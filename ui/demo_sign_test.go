package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
	"github.com/authdeck/authdeck/ui/form"
)

// TestDemoSignIsPrefilled: in a demo session F6 offers the fake server's
// demo account secret, so a UID typed in the demo is signed with enter and
// the fake server accepts the signed-in request. The secret is not shown.
func TestDemoSignIsPrefilled(t *testing.T) {
	t.Parallel()
	srv := fakeservertest.New(t, fakeserver.Config{})
	d := flowDeps(srv.URL)
	d.Demo = &DemoInfo{ServerURL: srv.URL, AccountSecret: fakeserver.DemoAccountSecret}
	d.Initial = store.Profile{Endpoint: srv.URL, ClientKey: fakeserver.DemoClientKey}
	d.InitialSecrets = store.Secrets{ClientSecret: fakeserver.DemoClientSecret}
	m := newTestModel(t, d, 120, 40, true)
	m.form.FocusField(form.UID)
	for _, r := range "demo-user-1" {
		m = update(m, keyRune(r))
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF6})
	if !m.form.Prompting() {
		t.Fatal("F6 opened no prompt")
	}
	if v := content(m); strings.Contains(v, fakeserver.DemoAccountSecret) || !strings.Contains(v, "filled in: the demo server's account secret") {
		t.Fatalf("prompt view:\n%s", v)
	}
	m, cmd := updateCmd(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	for _, msg := range runCmds(cmd, time.Second) {
		if s, ok := msg.(form.SignedMsg); ok {
			m = update(m, s)
		}
	}
	if m.form.Value(form.UIDSignature) == "" {
		t.Fatalf("not signed: %q", m.status)
	}
	_, cmd = updateCmd(m, keyCtrlS)
	sent, ok := sentFrom(runCmds(cmd, 5*time.Second))
	if !ok {
		t.Fatal("nothing sent")
	}
	if sent.err != nil {
		t.Fatalf("the fake server refused the demo signature: %v", sent.err)
	}
	// Outside a demo nothing is offered.
	d.Demo = nil
	m = newTestModel(t, d, 120, 40, true)
	m.form.FocusField(form.UID)
	m = update(m, keyRune('u'))
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF6})
	if strings.Contains(content(m), "filled in") {
		t.Fatal("a secret offered outside the demo")
	}
}
