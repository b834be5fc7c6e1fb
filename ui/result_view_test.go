package ui

import (
	"errors"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
)

// tokenShown is a console at w x h showing a fresh token in the focused
// result view.
func tokenShown(t *testing.T, w, h int, res *tokenclient.Result) *Model {
	t.Helper()
	m := newTestModel(t, testDeps(&recorder{}), w, h, true)
	m = update(m, keyCtrlS)
	return update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, at: testNow})
}

func firstVisible(m *Model) string {
	return ansi.Strip(strings.SplitN(m.result.View(), "\n", 2)[0])
}

func TestResultHomeEndAndPosition(t *testing.T) {
	t.Parallel()
	m := tokenShown(t, 80, 24, okResult())
	if !strings.Contains(ansi.Strip(content(m)), "lines 1–") {
		t.Fatalf("no scroll position on an overflowing result:\n%s", content(m))
	}
	for _, k := range []tea.KeyPressMsg{keyRune('G'), {Code: tea.KeyEnd}} {
		m = update(m, keyRune('g'))
		m = update(m, k)
		first, last, total, _ := m.result.Position()
		if last != total || first == 1 {
			t.Fatalf("%s: lines %d–%d of %d, want the end", k, first, last, total)
		}
		if strings.Contains(ansi.Strip(content(m)), "↓ │") {
			t.Fatalf("%s: still says there is more below", k)
		}
	}
	for _, k := range []tea.KeyPressMsg{keyRune('g'), {Code: tea.KeyHome}} {
		m = update(m, keyRune('G'))
		m = update(m, k)
		if first, _, _, _ := m.result.Position(); first != 1 {
			t.Fatalf("%s: first line %d, want 1", k, first)
		}
	}
}

func TestFullAndRawScrollToWhatTheyOpen(t *testing.T) {
	t.Parallel()
	m := tokenShown(t, 80, 24, okResult())
	// The sections open below the 9 visible lines: each key scrolls its
	// section's title into view (at the top, or as high as the end allows).
	if m = update(m, keyRune('f')); !strings.Contains(m.result.View(), "Access token (full)") {
		t.Fatalf("f: the full token is not in view:\n%s", m.result.View())
	}
	m = update(m, keyRune('g'))
	if m = update(m, keyRune('r')); !strings.Contains(m.result.View(), "Raw response") {
		t.Fatalf("r: the raw response is not in view:\n%s", m.result.View())
	}
	// At a size where the raw response is long enough, its title is first.
	m = tokenShown(t, 60, 20, okResult())
	if m = update(m, keyRune('r')); !strings.HasPrefix(firstVisible(m), "Raw response") {
		t.Fatalf("r at 60x20: first visible line %q", firstVisible(m))
	}
}

func TestRawMasksTheRefreshToken(t *testing.T) {
	t.Parallel()
	m := tokenShown(t, 120, 40, okResult())
	m = update(m, keyRune('r'))
	c := m.result.Content()
	if !strings.Contains(c, "Raw response") || strings.Contains(c, testRefresh) {
		t.Fatalf("raw response shows the refresh token:\n%s", c)
	}
	if !strings.Contains(c, `"refreshToken":"`+tokenclient.MaskSecret(testRefresh)+`"`) {
		t.Fatalf("refresh token not masked in place:\n%s", c)
	}

	// A body that did not parse as a token still has its refresh token
	// masked.
	raw := `{"accessToken":42,"refreshToken":"` + testRefresh + `"}`
	m = newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyCtrlS)
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", at: testNow,
		res: &tokenclient.Result{Status: 200, Raw: []byte(raw)}, err: &tokenclient.ResponseError{Status: 200}})
	m = update(m, keyRune('r'))
	if c := m.result.Content(); !strings.Contains(c, "Raw response") || strings.Contains(c, testRefresh) {
		t.Fatalf("raw response of a bad body shows the refresh token:\n%s", c)
	}
}

func hasKey(bs []key.Binding, b key.Binding) bool {
	for _, x := range bs {
		if x.Help() == b.Help() {
			return true
		}
	}
	return false
}

func TestNoResponseOffersNoRawAndNoRefresh(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyCtrlS)
	ne := &tokenclient.NetworkError{Op: "dial", Addr: "127.0.0.1:9", Err: errors.New("connection refused")}
	m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", err: ne, at: testNow})
	if hasKey(m.ShortHelp(), m.keys.Raw) || hasKey(m.ShortHelp(), m.keys.Refresh) || hasKey(m.ShortHelp(), m.keys.Full) {
		t.Fatalf("offered after connection refused: %v", m.ShortHelp())
	}
	before := m.result.Content()
	m = update(m, keyRune('r'))
	m = update(m, keyRune('f'))
	if m.result.Content() != before {
		t.Fatal("r or f changed the view with nothing to show")
	}
	rec := &recorder{}
	m.deps = testDeps(rec)
	if m = update(m, keyCtrl('r')); m.sending {
		t.Fatal("ctrl+r sent without a refresh token")
	}

	// With a token that has a refresh token, both are offered.
	m = tokenShown(t, 120, 40, okResult())
	if !hasKey(m.ShortHelp(), m.keys.Raw) || !hasKey(m.ShortHelp(), m.keys.Refresh) {
		t.Fatalf("not offered with a response and a refresh token: %v", m.ShortHelp())
	}
}
