package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkProfilesList10k runs `authdeck profiles list` in process on a
// store of 10 000 profiles (the wall time of the real command adds process
// start; scripts/bench measures that). Target for the command: ≤ 100 ms.
func BenchmarkProfilesList10k(b *testing.B) {
	c := newCLI(b)
	write10kProfiles(b, c.env[envConfigDir], 10000)
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(context.Background(), []string{"profiles", "list"}, nil, io.Discard, io.Discard, c.getenv); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
