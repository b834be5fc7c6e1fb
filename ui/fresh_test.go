package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/ui/form"
)

// TestFreshStartEndpointTellsOneStory: with no profile and no endpoint, the
// field, the preview and the send agree on the production service.
func TestFreshStartEndpointTellsOneStory(t *testing.T) {
	t.Parallel()
	d := testDeps(&recorder{})
	d.Demo, d.Initial, d.InitialSecrets = nil, store.Profile{}, store.Secrets{}
	m := newTestModel(t, d, 120, 40, true)
	if got := m.form.Value(form.Endpoint); got != tokenclient.DefaultBaseURL {
		t.Fatalf("endpoint field %q, want %q", got, tokenclient.DefaultBaseURL)
	}
	if !strings.Contains(m.preview.Content(), "Host: api.nfl.com") {
		t.Fatalf("preview:\n%s", m.preview.Content())
	}
	if m.dirty() {
		t.Fatal("the default endpoint counts as an edit")
	}
	m = update(m, keyCtrlS)
	if p := m.form.Problem(form.Endpoint); p != "" {
		t.Fatalf("ctrl+s: endpoint problem %q", p)
	}
}

// TestCopyingAnExpiredTokenWarns: the copy still happens, but the status
// says the token has expired instead of a plain tick.
func TestCopyingAnExpiredTokenWarns(t *testing.T) {
	t.Parallel()
	m := tokenShown(t, 120, 40, okResult())
	m = update(m, keyRune('c'))
	if m.statusBad || !strings.Contains(m.status, "✓ access token copied") {
		t.Fatalf("fresh token: %q", m.status)
	}
	m = update(m, tickMsg{seq: m.tickSeq, at: testNow.Add(2 * time.Hour)})
	for _, k := range []rune{'c', 'a'} {
		m = update(m, keyRune(k))
		if !m.statusBad || !strings.Contains(m.status, "EXPIRED") || strings.Contains(m.status, "✓") {
			t.Fatalf("%c on an expired token: %q", k, m.status)
		}
	}
}

// TestCancelledTitleIsNotRunIntoTheMessage.
func TestCancelledTitleIsNotRunIntoTheMessage(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyCtrlS)
	m = update(m, keyEsc)
	for _, l := range strings.Split(ansi.Strip(m.result.Content()), "\n") {
		if strings.Contains(l, "Cancelled") && strings.Contains(l, "request") {
			t.Fatalf("title and message on one line: %q", l)
		}
	}
}
