package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkFormKeystroke measures one key press into a text field of the
// form (Update, which also re-prepares the preview, plus View) at 120x40.
func BenchmarkFormKeystroke(b *testing.B) {
	m := newTestModel(b, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyTab) // the client key field
	keys := []tea.KeyPressMsg{keyRune('x'), {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = update(m, keys[i%2])
		_ = m.View()
	}
}
