package profiles

import (
	"github.com/charmbracelet/x/ansi"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/store"
)

// withLastCalls gives sample's demo and prod-eu profiles a last call.
func withLastCalls(ps []store.Profile) []store.Profile {
	h := sampleHistory()
	ps[0].LastCall = &h[0]
	ps[1].LastCall = &h[2]
	return ps
}

// sidebarPane is a compact pane of w x h cells on sample with last calls.
func sidebarPane(w, h int) Model {
	m := newPane(withLastCalls(sample()), w, h)
	m.SetLoaded("demo", false)
	m.SetCompact(true)
	return m
}

func TestSidebarShowsNameTokenAndLastCall(t *testing.T) {
	t.Parallel()
	m := sidebarPane(30, 20)
	m.SetFocused(false)
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines, want 20", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 30 {
			t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
		}
	}
	plain := ansi.Strip(v)
	for _, want := range []string{" ● demo", "valid 42m · ✓ 200 18m ago", "expired · ✗ 401 2h ago", "no token · no calls", "staging"} {
		if !strings.Contains(plain, want) {
			t.Errorf("%q missing:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "›") {
		t.Errorf("an unfocused sidebar draws the cursor:\n%s", plain)
	}
	m.SetFocused(true)
	if plain := ansi.Strip(m.View()); !strings.Contains(plain, "›● demo") {
		t.Errorf("a focused sidebar does not mark the selected, loaded profile:\n%s", plain)
	}
}

func TestClickSelectsThenLoads(t *testing.T) {
	t.Parallel()
	for _, compact := range []bool{false, true} {
		m := newPane(sample(), 80, 20)
		m.SetCompact(compact)
		y := headLines + 2*m.rowHeight() // prod-us
		if compact {
			y++ // the second line of the row is the row too
		}
		m, cmd := m.Click(y)
		if p, _ := m.Selected(); p.Name != "prod-us" || cmd != nil {
			t.Fatalf("compact %v: first click selected %q (cmd %v), want prod-us and nothing sent", compact, p.Name, cmd != nil)
		}
		m, cmd = m.Click(y)
		wantIntents(t, run(cmd), LoadProfileMsg{Name: "prod-us"})
		// The title, the filter and the empty space under the rows are no row.
		for _, y := range []int{0, 1, 2, 19} {
			if m2, cmd := m.Click(y); cmd != nil || m2.cursor != m.cursor {
				t.Fatalf("compact %v: a click on line %d did something", compact, y)
			}
		}
	}
}

func TestWheelScrollsList(t *testing.T) {
	t.Parallel()
	m := newPane(many(100), 80, 20)
	m = m.Wheel(3)
	if m.offset != 3 || m.cursor != 3 {
		t.Fatalf("offset %d cursor %d after wheel down, want 3 and 3", m.offset, m.cursor)
	}
	m = m.Wheel(-6)
	if m.offset != 0 {
		t.Fatalf("offset %d after wheel up, want 0", m.offset)
	}
	m.SetCompact(true)
	m = m.Wheel(1000)
	if want := 100 - m.listRows(); m.offset != want {
		t.Fatalf("compact: offset %d at the end, want %d", m.offset, want)
	}
}

func TestHistoryRowsSelectable(t *testing.T) {
	t.Parallel()
	hist := sampleHistory()
	hist[2].RequestID = "req-\x1b]0;pwned\a-42"
	hist[2].Endpoint = "http://127.0.0.1:8080/token"
	hist[2].Error = "401 Unauthorized: \x1b[2Jinvalid_client\u202e (wrong client key or secret)"
	m, msgs := send(t, newPane(sample(), 100, 30), "ctrl+l")
	answerHistory(&m, msgs, hist)
	m, msgs = send(t, m, "down", "down")
	wantIntents(t, msgs)
	if e, ok := m.HistorySelected(); !ok || e.Status != 401 {
		t.Fatalf("selected %+v, want the 401 entry", e)
	}
	m, _ = send(t, m, "enter")
	v := m.View()
	plain := ansi.Strip(v)
	for _, want := range []string{"Call · demo", "3 of 4", "Request ID", "req-", "-42", "http://127.0.0.1:8080/token",
		"✗ 401", "95ms", "invalid_client", "were not recorded", "secrets of \"demo\""} {
		if !strings.Contains(plain, want) {
			t.Errorf("%q missing from the details:\n%s", want, plain)
		}
	}
	for _, bad := range []string{"\a", "\x1b]", "\x1b[2J", "\u202e"} {
		if strings.Contains(v, bad) {
			t.Errorf("the details hold %q unsanitised", bad)
		}
	}
	if !containsKey(m.ShortHelp(), "enter") {
		t.Error("the load key is not in the help")
	}
	_, msgs = send(t, m, "enter")
	wantIntents(t, msgs, LoadProfileMsg{Name: "demo"})
	m, _ = send(t, m, "esc")
	if m.histDetail || m.mode != modeHistory {
		t.Fatal("esc in the details did not go back to the calls")
	}
}

func TestHistoryClickSelectsThenOpens(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 100, 30), "ctrl+l")
	answerHistory(&m, msgs, sampleHistory())
	m, _ = m.Click(headLines + 1)
	if m.histCursor != 1 || m.histDetail {
		t.Fatalf("cursor %d detail %v after one click, want 1 and false", m.histCursor, m.histDetail)
	}
	m, _ = m.Click(headLines + 1)
	if !m.histDetail {
		t.Fatal("a second click did not open the details")
	}
	if !strings.Contains(ansi.Strip(m.View()), "timed out after 30s") {
		t.Fatal("the details do not show the error")
	}
	m = m.Wheel(1)
	if m.histCursor != 2 {
		t.Fatalf("wheel in the details: cursor %d, want 2", m.histCursor)
	}
}
