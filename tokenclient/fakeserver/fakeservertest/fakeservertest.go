// Package fakeservertest starts a fakeserver for one test, the way
// net/http/httptest does for handlers. It lives apart from fakeserver so the
// testing package is never linked into the authdeck binary.
package fakeservertest

import (
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// New starts a fake identity server for cfg on a loopback port and closes it
// when the test ends. It fails the test if the server cannot start.
func New(t testing.TB, cfg fakeserver.Config) *fakeserver.Running {
	t.Helper()
	r, err := fakeserver.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}
