package cli

import (
	"fmt"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
)

// BenchmarkCheck200 runs `authdeck check --all --fresh` over 200 profiles
// against a fake server that answers after a fixed latency. With
// concurrency c the wall time should be about 200 × latency / c; the
// benchmark reports that ideal beside the measured time. Each token is
// saved durably (secrets.json and state.db, fsync-ed, one writer at a
// time), which sets a floor of 200 × that write however high c is.
func BenchmarkCheck200(b *testing.B) {
	const n = 200
	for _, bc := range []struct {
		latency time.Duration
		conc    int
	}{{20 * time.Millisecond, 1}, {20 * time.Millisecond, 4}, {20 * time.Millisecond, 16}, {100 * time.Millisecond, 4}} {
		latency, conc := bc.latency, bc.conc
		b.Run(fmt.Sprintf("latency=%s/concurrency=%d", latency, conc), func(b *testing.B) {
			clients := map[string]string{}
			var specs []profileSpec
			for i := range n {
				key := fmt.Sprintf("client-%03d-aaaaaaaaaaaaaaaaaaaa", i)
				clients[key] = fmt.Sprintf("SECRET-%03d", i)
				specs = append(specs, profileSpec{name: fmt.Sprintf("app-%03d", i), key: key, secret: clients[key], want: tokens.CheckOK})
			}
			f := newCheckFixture(b, clients, specs, fakeserver.Config{Latency: latency})
			ideal := time.Duration(n) * latency / time.Duration(conc)
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				f.c.run("check", "--all", "--fresh", "--concurrency", fmt.Sprint(conc)).want(b, exitOK)
			}
			wall := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(ideal.Milliseconds()), "ideal-ms/op")
			b.ReportMetric(float64(wall.Milliseconds()), "wall-ms/op")
			b.ReportMetric(float64(wall)/float64(ideal), "wall/ideal")
		})
	}
}
