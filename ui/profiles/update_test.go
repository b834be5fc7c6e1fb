package profiles

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
)

// names lists the names of the profiles that pass the filter.
func names(m Model) []string {
	var out []string
	for _, i := range m.match.matches {
		out = append(out, m.profiles[i].Name)
	}
	return out
}

func selected(t *testing.T, m Model) string {
	t.Helper()
	p, ok := m.Selected()
	if !ok {
		return ""
	}
	return p.Name
}

func wantIntents(t *testing.T, msgs []tea.Msg, want ...tea.Msg) {
	t.Helper()
	got := intents(msgs)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("messages = %#v, want %#v", got, want)
	}
}

func TestFilterMatchesNameHostAndKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typed string
		want  []string
	}{
		{"", []string{"demo", "prod-eu", "prod-us", "staging"}},
		{"prod", []string{"prod-eu", "prod-us"}},
		{"api.us", []string{"prod-us"}},          // host only
		{"HN3JD8", []string{"staging"}},          // client key, any case
		{"example prod us", []string{"prod-us"}}, // every word must match
		{"127.0.0.1:8080", []string{"demo"}},
		{"nothing-like-this", nil},
	}
	for _, c := range cases {
		m, _ := send(t, newPane(sample(), 80, 24), c.typed)
		if got := names(m); !reflect.DeepEqual(got, c.want) {
			t.Errorf("filter %q: %v, want %v", c.typed, got, c.want)
		}
		if m.Filter() != c.typed {
			t.Errorf("filter text = %q, want %q", m.Filter(), c.typed)
		}
	}
}

func TestFilterBackspaceWidensAgain(t *testing.T) {
	t.Parallel()
	m, _ := send(t, newPane(sample(), 80, 24), "prod-e")
	if got := names(m); !reflect.DeepEqual(got, []string{"prod-eu"}) {
		t.Fatalf("prod-e: %v", got)
	}
	m, _ = send(t, m, "backspace", "backspace")
	if got := names(m); !reflect.DeepEqual(got, []string{"prod-eu", "prod-us"}) {
		t.Fatalf("after backspace: %v", got)
	}
	m, _ = m.Update(tea.PasteMsg{Content: "-us"})
	if got := names(m); !reflect.DeepEqual(got, []string{"prod-us"}) {
		t.Fatalf("after paste: %v (filter %q)", got, m.Filter())
	}
}

// TestIncrementalFilterAgreesWithFullScan types and deletes through a
// sequence and compares every step with a fresh scan.
func TestIncrementalFilterAgreesWithFullScan(t *testing.T) {
	t.Parallel()
	ps := many(2000)
	m := newPane(ps, 80, 24)
	steps := []string{"c", "l", "1", "2", "backspace", "3", " ", "r", "e", "g", "i", "o", "n", "2", "backspace", "backspace", "4", "home", "x"}
	for _, s := range steps {
		m, _ = send(t, m, s)
		var want []string
		terms := strings.Fields(strings.ToLower(m.Filter()))
	next:
		for _, p := range ps {
			hay := strings.ToLower(p.Name + "\n" + p.EndpointHost() + "\n" + p.ClientKey)
			for _, term := range terms {
				if !strings.Contains(hay, term) {
					continue next
				}
			}
			want = append(want, p.Name)
		}
		if got := names(m); !reflect.DeepEqual(got, want) {
			t.Fatalf("after %q (filter %q): %d matches, want %d", s, m.Filter(), len(got), len(want))
		}
	}
}

func TestMoveAndScrollKeepCursorVisible(t *testing.T) {
	t.Parallel()
	m := newPane(many(100), 80, 10) // 7 rows visible
	m, _ = send(t, m, "down", "down")
	if got := selected(t, m); got != "client-00002" {
		t.Fatalf("after 2 down: %s", got)
	}
	m, _ = send(t, m, "up", "up", "up")
	if got := selected(t, m); got != "client-00000" {
		t.Fatalf("up past the top: %s", got)
	}
	m, _ = send(t, m, "pgdown")
	if got := selected(t, m); got != "client-00006" {
		t.Fatalf("pgdown: %s", got)
	}
	m, _ = send(t, m, "end")
	if got := selected(t, m); got != "client-00099" {
		t.Fatalf("end: %s", got)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "›  client-00099") || strings.Contains(v, "client-00000") {
		t.Fatalf("end: selected row not shown or first row still shown:\n%s", v)
	}
	m, _ = send(t, m, "pgup", "home")
	if got := selected(t, m); got != "client-00000" {
		t.Fatalf("home: %s", got)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "›  client-00000") {
		t.Fatalf("home: selected row not shown:\n%s", v)
	}
}

func TestEnterLoadsSelected(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "down", "enter")
	wantIntents(t, msgs, LoadProfileMsg{Name: "prod-eu"})
	m, msgs = send(t, m, "stag", "enter")
	wantIntents(t, msgs, LoadProfileMsg{Name: "staging"})
	_, msgs = send(t, m, "zzz", "enter")
	wantIntents(t, msgs) // nothing selected, nothing loaded
}

func TestSaveAsValidatesTheName(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "f12", "my prof", "enter")
	wantIntents(t, msgs)
	if !m.Busy() || !strings.Contains(m.promptErr, "contains a space") {
		t.Fatalf("want an inline name error, busy=%v err=%q", m.Busy(), m.promptErr)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "✗ profile name \"my prof\" contains a space") {
		t.Fatalf("error not shown:\n%s", v)
	}
	m, msgs = send(t, m, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "enter")
	wantIntents(t, msgs)
	if !strings.Contains(m.promptErr, "is empty") {
		t.Fatalf("empty name: %q", m.promptErr)
	}
	m, msgs = send(t, m, "prod-eu", "enter")
	wantIntents(t, msgs)
	if !strings.Contains(m.promptErr, "already exists") {
		t.Fatalf("taken name: %q", m.promptErr)
	}
	m, msgs = send(t, m, "backspace", "backspace", "x", "enter")
	wantIntents(t, msgs, SaveAsMsg{Name: "prod-x"})
	if m.Busy() {
		t.Fatal("prompt still open after saving")
	}
	// Typing in the prompt did not touch the filter.
	if m.Filter() != "" {
		t.Fatalf("filter = %q", m.Filter())
	}
}

func TestSaveAsEscCancels(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "f12", "abc", "esc")
	wantIntents(t, msgs)
	if m.Busy() {
		t.Fatal("esc did not close the prompt")
	}
	// the next esc (empty filter) closes the pane
	_, msgs = send(t, m, "esc")
	wantIntents(t, msgs, CloseMsg{})
}

func TestSaveOverNeedsALoadedProfile(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "ctrl+w")
	wantIntents(t, msgs)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "not a saved profile yet") {
		t.Fatalf("no hint:\n%s", v)
	}
	m.SetLoaded("prod-us", true)
	m, msgs = send(t, m, "ctrl+w")
	wantIntents(t, msgs, SaveOverMsg{Name: "prod-us"})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "loaded: prod-us · unsaved edits") {
		t.Fatalf("loaded/dirty not shown:\n%s", v)
	}
}

func TestNewProfile(t *testing.T) {
	t.Parallel()
	_, msgs := send(t, newPane(sample(), 80, 24), "ctrl+n")
	wantIntents(t, msgs, NewProfileMsg{})
}

func TestRename(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "f2", "enter")
	wantIntents(t, msgs)
	if !strings.Contains(m.promptErr, "already its name") {
		t.Fatalf("same name: %q", m.promptErr)
	}
	if m.nameInput.Value() != "demo" {
		t.Fatalf("prompt not prefilled: %q", m.nameInput.Value())
	}
	_, msgs = send(t, m, "-old", "enter")
	wantIntents(t, msgs, RenameMsg{Old: "demo", New: "demo-old"})

	_, msgs = send(t, newPane(sample(), 80, 24), "down", "f2", "backspace", "backspace", "fr", "enter")
	wantIntents(t, msgs, RenameMsg{Old: "prod-eu", New: "prod-fr"})

	_, msgs = send(t, newPane(sample(), 80, 24), "f2", "/x", "enter", "esc")
	wantIntents(t, msgs)
}

func TestDuplicate(t *testing.T) {
	t.Parallel()
	_, msgs := send(t, newPane(sample(), 80, 24), "down", "f5", "enter")
	wantIntents(t, msgs, DuplicateMsg{Src: "prod-eu", Dst: "prod-eu-copy"})

	ps := sample()
	ps = append(ps, ps[0])
	ps[len(ps)-1].Name = "demo-copy"
	_, msgs = send(t, newPane(ps, 80, 24), "f5", "enter")
	wantIntents(t, msgs, DuplicateMsg{Src: "demo", Dst: "demo-copy-2"})
}

func TestDeleteAsksAndDefaultsToNo(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "down", "delete")
	wantIntents(t, msgs)
	v := ansi.Strip(m.View())
	if !strings.Contains(v, `Delete profile "prod-eu"`) || !strings.Contains(v, "› [n] No") {
		t.Fatalf("confirmation does not name the profile or highlight No:\n%s", v)
	}
	m, msgs = send(t, m, "enter")
	wantIntents(t, msgs) // default answer: no
	if m.Busy() {
		t.Fatal("still asking after enter")
	}
	for _, answer := range [][]string{{"esc"}, {"n"}, {"x", "q", "esc"}} {
		_, msgs = send(t, m, append([]string{"delete"}, answer...)...)
		wantIntents(t, msgs)
	}
	for _, answer := range [][]string{{"y"}, {"Y"}, {"right", "enter"}, {"tab", "enter"}} {
		_, msgs = send(t, m, append([]string{"delete"}, answer...)...)
		wantIntents(t, msgs, DeleteMsg{Name: "prod-eu"})
	}
	_, msgs = send(t, m, "delete", "y")
	wantIntents(t, msgs, DeleteMsg{Name: "prod-eu"})
}

func TestHistoryNewestFirst(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 120, 40), "ctrl+l")
	if !m.Busy() {
		t.Fatal("history not open")
	}
	if !slices.Contains(msgs, tea.Msg(HistoryMsg{Name: "demo"})) {
		t.Fatalf("the history was not asked for: %#v", msgs)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Loading the history") {
		t.Fatalf("no loading note before the history arrives:\n%s", v)
	}
	m.SetHistory("prod-eu", sampleHistory()) // another profile's answer is dropped
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Loading the history") {
		t.Fatalf("another profile's history was shown:\n%s", v)
	}
	answerHistory(&m, msgs, sampleHistory())
	v := ansi.Strip(m.View())
	order := []string{"09:08:53  refresh  ✓ 200   1234ms", "07:56:53  issue    ✗ none  30.0s     timed out after 30s",
		"07:26:53  issue    ✗ 401   95ms      401 Unauthorized", "06:26:53  issue    ✓ 200   182ms"}
	last := -1
	for _, s := range order {
		i := strings.Index(v, s)
		if i < 0 || i < last {
			t.Fatalf("%q missing or out of order:\n%s", s, v)
		}
		last = i
	}
	m, _ = send(t, m, "esc")
	if m.Busy() {
		t.Fatal("esc did not leave the history")
	}
	m, msgs = send(t, m, "end", "ctrl+l")
	answerHistory(&m, msgs, sampleHistory())
	if v := ansi.Strip(m.View()); !strings.Contains(v, "No calls recorded yet") {
		t.Fatalf("empty history:\n%s", v)
	}
}

func TestHistoryScrolls(t *testing.T) {
	t.Parallel()
	hist := sampleHistory()
	for i := range 30 {
		hist = append([]store.HistoryEntry{{Time: clock.Add(time.Duration(i) * time.Second), Kind: store.KindIssue, Status: 200}}, hist...)
	}
	m, msgs := send(t, newPane(sample(), 80, 10), "ctrl+l")
	answerHistory(&m, msgs, hist)
	// The arrows move the selected entry; the view follows it.
	for range m.historyRows() + 1 {
		m, _ = send(t, m, "down")
	}
	if m.histCursor != m.historyRows()+1 || m.histOffset != 2 {
		t.Fatalf("cursor %d offset %d", m.histCursor, m.histOffset)
	}
	m, _ = send(t, m, "end")
	if want := len(hist) - m.historyRows(); m.histOffset != want {
		t.Fatalf("end: offset %d, want %d", m.histOffset, want)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "06:26:53") {
		t.Fatalf("oldest entry not shown at the end:\n%s", v)
	}
}

func TestRepairOfferedOnCorruptFile(t *testing.T) {
	t.Parallel()
	m := newPane(nil, 80, 24)
	_, msgs := send(t, m, "f9", "y")
	wantIntents(t, msgs) // nothing to repair
	m.SetError(&store.CorruptError{Path: "/cfg/profiles.json", Line: 3, Column: 7, Problem: "unexpected end of JSON"})
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	for _, want := range []string{"/cfg/profiles.json:3:7", "unexpected end of JSON", "Press F9 to repair it"} {
		if !strings.Contains(v, want) {
			t.Fatalf("missing %q:\n%s", want, v)
		}
	}
	if !containsKey(m.ShortHelp(), "F9") {
		t.Fatal("repair key not in the help")
	}
	m, msgs = send(t, m, "f9")
	wantIntents(t, msgs)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "› [n] No") {
		t.Fatalf("repair not confirmed with default No:\n%s", v)
	}
	_, msgs = send(t, m, "enter")
	wantIntents(t, msgs)
	_, msgs = send(t, m, "y")
	wantIntents(t, msgs, RepairMsg{Problem: "/cfg/profiles.json:3:7: unexpected end of JSON"})
}

func containsKey(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

func TestEscClearsFilterThenCloses(t *testing.T) {
	t.Parallel()
	m, msgs := send(t, newPane(sample(), 80, 24), "prod", "down", "esc")
	wantIntents(t, msgs)
	if m.Filter() != "" || len(names(m)) != 4 {
		t.Fatalf("esc did not clear the filter: %q %v", m.Filter(), names(m))
	}
	if got := selected(t, m); got != "prod-us" {
		t.Fatalf("selection lost when the filter was cleared: %s", got)
	}
	_, msgs = send(t, m, "esc")
	wantIntents(t, msgs, CloseMsg{})
}

func TestSetProfilesKeepsFilterAndSelection(t *testing.T) {
	t.Parallel()
	m, _ := send(t, newPane(sample(), 80, 24), "prod", "down")
	ps := sample()
	ps = append(ps[:1], append([]store.Profile{{Name: "prod-ap", Endpoint: "https://ap.example.com"}}, ps[1:]...)...)
	m.SetProfiles(ps, clock)
	if got := names(m); !reflect.DeepEqual(got, []string{"prod-ap", "prod-eu", "prod-us"}) {
		t.Fatalf("filter not re-applied: %v", got)
	}
	if got := selected(t, m); got != "prod-us" {
		t.Fatalf("selection not kept: %s", got)
	}
	m.SetProfiles(ps[:2], clock) // the selected one is gone
	if got := selected(t, m); got != "prod-ap" {
		t.Fatalf("selection after removal: %s", got)
	}
}

func TestStoreErrorsAreReadable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  error
		want []string
	}{
		{&store.LockTimeoutError{Waited: 10 * time.Second}, []string{"Another authdeck is writing", "10s", "try again"}},
		{&store.KeyringTimeoutError{Op: "read", Profile: "demo", Waited: 3 * time.Second}, []string{"keyring did not answer", "AUTHDECK_SECRET_STORE=file"}},
		{&store.KeyringError{Op: "write", Profile: "demo", Err: errors.New("locked collection")}, []string{"locked collection", "AUTHDECK_SECRET_STORE=file"}},
		{store.ErrConflict, []string{"changed by another authdeck", "Load it again"}},
		{errors.New("disk full"), []string{"✗ disk full"}},
	}
	for _, c := range cases {
		m := newPane(sample(), 80, 24)
		m.SetError(c.err)
		v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
		for _, w := range c.want {
			if !strings.Contains(v, w) {
				t.Errorf("%T: %q not in\n%s", c.err, w, v)
			}
		}
		if containsKey(m.ShortHelp(), "F9") {
			t.Errorf("%T: repair offered for an error that is not corruption", c.err)
		}
		m, _ = send(t, m, "down")
		if got := selected(t, m); got != "prod-eu" {
			t.Errorf("%T: the pane stopped working: %s", c.err, got)
		}
	}
}

func TestNoticeClearedByNextKey(t *testing.T) {
	t.Parallel()
	m := newPane(sample(), 80, 24)
	m.SetNotice("saved prod-x")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "✓ saved prod-x") {
		t.Fatalf("notice not shown:\n%s", v)
	}
	m, _ = send(t, m, "down")
	if v := ansi.Strip(m.View()); strings.Contains(v, "saved prod-x") {
		t.Fatalf("notice not cleared:\n%s", v)
	}
}

func TestClientKeysAreMasked(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		m := newPane(sample(), size[0], size[1])
		for _, state := range [][]string{nil, {"ctrl+l"}, {"delete"}} {
			mm, _ := send(t, m, state...)
			v := ansi.Strip(mm.View())
			for _, p := range sample() {
				if strings.Contains(v, p.ClientKey) || strings.Contains(v, p.ClientKey[4:len(p.ClientKey)-4]) {
					t.Fatalf("client key of %s unmasked at %v %v:\n%s", p.Name, size, state, v)
				}
			}
			if len(state) == 0 && !strings.Contains(v, "4cFU…s04g") {
				t.Fatalf("masked key missing:\n%s", v)
			}
		}
	}
}

func TestViewHasExactSize(t *testing.T) {
	t.Parallel()
	states := [][]string{nil, {"prod"}, {"delete"}, {"ctrl+l"}, {"f12", "bad name", "enter"}, {"zzz"}}
	for _, ps := range [][]store.Profile{nil, sample(), many(300)} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 20}, {30, 8}, {1, 1}, {0, 0}} {
			for _, st := range states {
				m := newPane(ps, size[0], size[1])
				m.SetError(&store.CorruptError{Path: "/p", Problem: "bad"})
				m, _ = send(t, m, st...)
				v := m.View()
				if size[1] == 0 {
					if v != "" {
						t.Fatalf("0x0 view %q", v)
					}
					continue
				}
				lines := strings.Split(v, "\n")
				if len(lines) != size[1] {
					t.Fatalf("%v %v: %d lines, want %d", size, st, len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("%v %v: line %d is %d wide: %q", size, st, i, w, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestHelpFollowsMode(t *testing.T) {
	t.Parallel()
	m := newPane(sample(), 80, 24)
	if !containsKey(m.ShortHelp(), "enter") || containsKey(m.ShortHelp(), "ctrl+w") {
		t.Fatal("list help: want enter, no save-over without a loaded profile")
	}
	m.SetLoaded("demo", false)
	if !containsKey(m.ShortHelp(), "ctrl+w") {
		t.Fatal("save-over missing with a loaded profile")
	}
	m, _ = send(t, m, "delete")
	if containsKey(m.ShortHelp(), "F12") || !containsKey(m.ShortHelp(), "esc") {
		t.Fatal("confirm help wrong")
	}
	if len(m.FullHelp()) == 0 {
		t.Fatal("no full help")
	}
}

func TestAskReturnsTheAnswer(t *testing.T) {
	t.Parallel()
	m := newPane(sample(), 80, 24)
	m.SetLoaded("prod-eu", true)
	m.Ask(ConflictConfirm(m.styles, m.keys.Confirm, "prod-eu"), "clobber")
	if !m.Busy() {
		t.Fatal("question not shown")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "changed by another authdeck") || !strings.Contains(v, "› [c] Cancel") {
		t.Fatalf("question:\n%s", v)
	}
	// typing does not reach the filter while asking
	m2, msgs := send(t, m, "z")
	wantIntents(t, msgs)
	if m2.Filter() != "" || !m2.Busy() {
		t.Fatalf("filter %q busy %v", m2.Filter(), m2.Busy())
	}
	_, msgs = send(t, m, "enter")
	wantIntents(t, msgs, AnsweredMsg{ID: "clobber", Answer: AnswerCancel})
	_, msgs = send(t, m, "o")
	wantIntents(t, msgs, AnsweredMsg{ID: "clobber", Answer: AnswerOverwrite})
	m.Ask(UnsavedConfirm(m.styles, m.keys.Confirm, "prod-eu", "loading \"staging\""), "load:staging")
	m, msgs = send(t, m, "esc")
	wantIntents(t, msgs, AnsweredMsg{ID: "load:staging", Answer: AnswerCancel})
	if m.Busy() {
		t.Fatal("still asking")
	}
}
