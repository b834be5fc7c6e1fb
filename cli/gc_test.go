package cli

import (
	"runtime/debug"
	"testing"
)

func TestTuneGCIsLazyOnlyForOneShotCommands(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	root := newRootCmd(&app{})
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, 100},
		{[]string{"fake-server"}, 100},
		{[]string{"token"}, oneShotGCPercent},
		{[]string{"profiles", "list"}, oneShotGCPercent},
	} {
		cmd, _, err := root.Find(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		debug.SetGCPercent(1)
		tuneGC(cmd)
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("%v: GC percent %d, want %d", tc.args, got, tc.want)
		}
	}
}
