package profiles

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/ui/goldentest"
	"github.com/authdeck/authdeck/ui/styles"
)

// TestGoldenViews renders each screen of the pane at 80x24 and 120x40
// against the fixed clock: one plain-text golden per size for both themes.
// Regenerate with go test ./ui/profiles/ -update.
func TestGoldenViews(t *testing.T) {
	t.Parallel()
	corrupt := &store.CorruptError{Path: "/home/dev/.config/authdeck/profiles.json", Line: 12, Column: 5,
		Problem: "duplicate key \"endpoint\""}
	screens := []struct {
		name  string
		ps    []store.Profile
		setup func(*Model)
		keys  []string
	}{
		{name: "empty", ps: nil},
		{name: "profiles", ps: sample(), setup: func(m *Model) { m.SetLoaded("prod-us", true) }, keys: []string{"down"}},
		{name: "filter", ps: sample(), keys: []string{"prod", "down"}},
		{name: "filter_no_match", ps: sample(), keys: []string{"qa-"}},
		{name: "delete_confirm", ps: sample(), keys: []string{"down", "delete"}},
		{name: "save_as_error", ps: sample(), keys: []string{"f12", "my profile", "enter"}},
		{name: "history", ps: sample(), setup: func(m *Model) { m.SetLoaded("demo", false) }, keys: []string{"ctrl+l"}},
		{name: "history_detail", ps: sample(), setup: func(m *Model) {
			m.SetLoaded("demo", false)
			*m, _ = m.Update(press("ctrl+l")[0])
			m.SetHistory("demo", sampleHistory())
		}, keys: []string{"down", "down", "enter"}},
		{name: "sidebar", ps: withLastCalls(sample()), setup: func(m *Model) {
			m.SetLoaded("demo", false)
			m.SetCompact(true)
			m.SetFocused(false)
		}},
		{name: "sidebar_focused", ps: withLastCalls(sample()), setup: func(m *Model) {
			m.SetLoaded("demo", true)
			m.SetCompact(true)
		}, keys: []string{"down"}},
		{name: "store_error", ps: nil, setup: func(m *Model) { m.SetError(corrupt) }},
		{name: "lock_error", ps: sample(), setup: func(m *Model) { m.SetError(&store.LockTimeoutError{Waited: 10e9}) }},
		{name: "scrolled_10k", ps: many(10000), keys: []string{"pgdown", "pgdown", "down"}},
		{name: "conflict_question", ps: sample(), setup: func(m *Model) {
			m.SetLoaded("prod-eu", true)
			m.Ask(ConflictConfirm(m.styles, m.keys.Confirm, "prod-eu"), "clobber")
		}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				goldentest.Themes(t, func(dark bool) string {
					m := New(styles.New(dark, false), DefaultKeyMap())
					m.SetSize(size[0], size[1])
					m.SetProfiles(sc.ps, clock)
					if sc.setup != nil {
						sc.setup(&m)
					}
					var msgs []tea.Msg
					m, msgs = send(t, m, sc.keys...)
					answerHistory(&m, msgs, sampleHistory())
					v := m.View()
					assertNoKeys(t, v, sc.ps)
					return v
				})
			})
		}
	}
}

// TestGoldenStyles pins the pane's NO_COLOR styles (bold, faint, reverse):
// in the list and the delete confirmation the selection, the loaded mark,
// the file warning and the highlighted answer must still show. These are
// the pane's only goldens with escape codes.
func TestGoldenStyles(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"down"}, {"down", "delete"}} {
		t.Run("nocolor/"+strings.Join(keys, "_"), func(t *testing.T) {
			m := New(styles.New(true, true), DefaultKeyMap())
			m.SetSize(80, 24)
			m.SetProfiles(sample(), clock)
			m.SetLoaded("demo", false)
			m, _ = send(t, m, keys...)
			v := m.View()
			plain := ansi.Strip(v)
			for _, want := range []string{"›  prod-eu", " ● demo", "⚠ file"} {
				if !strings.Contains(plain, want) {
					t.Fatalf("%q missing:\n%s", want, plain)
				}
			}
			goldentest.Styled(t, v)
		})
	}
}

// assertNoKeys fails when a full client key (or its hidden middle) shows.
func assertNoKeys(t *testing.T, v string, ps []store.Profile) {
	t.Helper()
	plain := ansi.Strip(v)
	for _, p := range ps {
		if len(p.ClientKey) > 8 && strings.Contains(plain, p.ClientKey[4:len(p.ClientKey)-4]) {
			t.Fatalf("client key of %s is not masked", p.Name)
		}
	}
}
