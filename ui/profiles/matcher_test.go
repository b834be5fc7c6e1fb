package profiles

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMatcherBackspaceRestoresWhatAFullScanFinds types and deletes at
// random and checks that the matches kept for backspace are always what a
// fresh scan of every profile finds.
func TestMatcherBackspaceRestoresWhatAFullScanFinds(t *testing.T) {
	t.Parallel()
	hay := buildIndex(many(500)).hay
	rng := rand.New(rand.NewPCG(1, 2))
	var f matcher
	query := ""
	f.set(query, hay, false)
	for step := range 2000 {
		if len(query) > 0 && rng.IntN(3) == 0 {
			query = query[:len(query)-1]
		} else {
			query += string("client-0123 abxyz"[rng.IntN(17)])
		}
		f.set(query, hay, false)
		var fresh matcher
		fresh.set(query, hay, true)
		if !slices.Equal(f.matches, fresh.matches) {
			t.Fatalf("step %d, query %q: %d matches, a full scan finds %d", step, query, len(f.matches), len(fresh.matches))
		}
	}
}
