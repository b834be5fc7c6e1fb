package profiles

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/styles"
)

// benchPane is a 120x40 pane holding n profiles.
func benchPane(b *testing.B, n int) Model {
	b.Helper()
	m := newPane(many(n), 120, 40)
	_ = m.View()
	return m
}

// BenchmarkFilterKeystroke10k is one key press into the filter with 10 000
// profiles (Update + View). "narrow" types a character at the end of
// "client-0" (only the previous matches are checked), "widen" deletes it
// again (a full scan), "first" types the first character into an empty
// filter (a full scan). Each iteration undoes its key press with the timer
// stopped, so ns/op is one timed key press.
func BenchmarkFilterKeystroke10k(b *testing.B) { benchFilterKeystroke(b, 10000) }

// BenchmarkFilterKeystroke100k is BenchmarkFilterKeystroke10k with 100 000
// profiles (the scaling budget: a keystroke stays under 1 ms p50).
func BenchmarkFilterKeystroke100k(b *testing.B) { benchFilterKeystroke(b, 100000) }

// benchFilterKeystroke times one filter key press with n profiles.
func benchFilterKeystroke(b *testing.B, n int) {
	typeKey := tea.KeyPressMsg{Code: '1', Text: "1"}
	bs := tea.KeyPressMsg{Code: tea.KeyBackspace}
	cases := []struct {
		name      string
		prefix    string
		timed     tea.KeyPressMsg
		untimed   tea.KeyPressMsg
		undoFirst bool
	}{
		{"narrow", "client-0", typeKey, bs, false},
		{"widen", "client-0", bs, typeKey, true},
		{"first", "", typeKey, bs, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := benchPane(b, n)
			m, _ = send(b, m, c.prefix)
			if c.undoFirst {
				m, _ = m.Update(c.untimed)
			}
			b.ReportAllocs()
			for b.Loop() {
				m, _ = m.Update(c.timed)
				_ = m.View()
				b.StopTimer()
				m, _ = m.Update(c.untimed)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkOpen10k builds the pane, hands it 10 000 profiles and renders
// the first frame.
func BenchmarkOpen10k(b *testing.B) {
	ps := many(10000)
	st := styles.New(true, false)
	keys := DefaultKeyMap()
	b.ReportAllocs()
	for b.Loop() {
		m := New(st, keys)
		m.SetSize(120, 40)
		m.SetProfiles(ps, clock)
		_ = m.View()
	}
}

// BenchmarkScroll10k is one ↓ (Update + View) in a list of 10 000, the
// selection moving through the whole list.
func BenchmarkScroll10k(b *testing.B) {
	m := benchPane(b, 10000)
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	home := tea.KeyPressMsg{Code: tea.KeyHome}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%9999 == 9998 {
			m, _ = m.Update(home)
		}
		m, _ = m.Update(down)
		_ = m.View()
	}
}
