package form

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/styles"
)

// BenchmarkCurlPaste10MiB measures the F7 prompt refusing a 10 MiB paste
// (over curlimport.MaxInput) and then rendering.
func BenchmarkCurlPaste10MiB(b *testing.B) {
	blob := strings.Repeat("a", 10<<20)
	keys := DefaultKeyMap()
	for b.Loop() {
		f := New(styles.New(true, false))
		m := &f
		m.SetSize(80, 24)
		m.Update(tea.KeyPressMsg{Code: tea.KeyF7}, keys)
		m.Update(tea.PasteMsg{Content: blob}, keys)
		_ = m.View()
	}
}
