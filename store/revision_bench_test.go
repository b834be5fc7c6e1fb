package store

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRevision10k: the console's poll of profiles.json (every two
// seconds) with 10 000 profiles: one read and a SHA-256 of the file.
func BenchmarkRevision10k(b *testing.B) {
	dir := benchStore(b, 10_000, 0)
	st, _ := os.Stat(filepath.Join(dir, profilesFile))
	b.SetBytes(st.Size())
	s := openBench(b, dir)
	for b.Loop() {
		if rev, err := s.Revision(); err != nil || !rev.Exists {
			b.Fatal(rev, err)
		}
	}
}
