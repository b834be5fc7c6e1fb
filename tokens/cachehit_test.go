package tokens

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
)

// A cache hit reads the token's expiry from beside the token: with
// state.db garbage it still answers from the cache, says nothing about
// state.db, and sends nothing; with state.db gone it does not create one.
func TestCacheHitDoesNotOpenStateDB(t *testing.T) {
	for _, state := range []string{"garbage", "missing"} {
		t.Run(state, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "authdeck")
			e := newTokenEnvWith(t, store.Options{Dir: dir})
			first := e.token(t, nil)
			if first.Cached {
				t.Fatal("first call came from the cache")
			}
			e.s.Close()
			db := filepath.Join(dir, "state.db")
			for _, f := range []string{db, db + "-wal", db + "-shm"} {
				os.Remove(f)
			}
			if state == "garbage" {
				if err := os.WriteFile(db, bytes.Repeat([]byte("not a database "), 300), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var warn bytes.Buffer
			st, err := store.Open(store.Options{Dir: dir, SecretStore: store.SecretFile, Warn: &warn})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			e.clock = e.clock.Add(30 * time.Minute)
			out, err := New(st).Token(context.Background(), "p", e.opts, e.is)
			if err != nil {
				t.Fatal(err)
			}
			if !out.Cached || out.Requests != 0 || out.Response.AccessToken != first.Response.AccessToken || !out.ExpiresAt.Equal(first.ExpiresAt) {
				t.Errorf("not answered from the cache: %+v", out)
			}
			if e.is.issues != 1 || len(e.is.refreshes) != 0 {
				t.Errorf("requests: %d issues, %d refreshes", e.is.issues, len(e.is.refreshes))
			}
			if warn.Len() != 0 {
				t.Errorf("state.db was read on a cache hit: %q", warn.String())
			}
			if _, err := os.Lstat(db); state == "missing" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a cache hit created state.db: %v", err)
			}
		})
	}
}

// A token saved without its expiry beside it (an older authdeck's) is
// still answered from the cache, with the expiry from state.db.
func TestCacheHitFallsBackToStateDBForOlderTokens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authdeck")
	e := newTokenEnvWith(t, store.Options{Dir: dir})
	first := e.token(t, nil)
	files, _ := filepath.Glob(filepath.Join(dir, "tokens", "*.json"))
	if len(files) != 1 {
		t.Fatalf("token files: %v", files)
	}
	old := []byte(`{"accessToken":"` + first.Response.AccessToken + `","refreshToken":"` + first.Response.RefreshToken + `"}`)
	if err := os.WriteFile(files[0], old, 0o600); err != nil {
		t.Fatal(err)
	}
	e.clock = e.clock.Add(30 * time.Minute)
	out := e.token(t, nil)
	if !out.Cached || !out.ExpiresAt.Equal(first.ExpiresAt) || e.is.issues != 1 {
		t.Errorf("older token file: %+v, %d issues", out, e.is.issues)
	}
}
