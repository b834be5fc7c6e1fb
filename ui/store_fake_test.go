package ui

import (
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// testStore is a real *tokens.Store in a temporary directory (secrets in its
// secrets.json, never the keyring), so the store's own rules apply; the
// wrapper only keeps books: an error injected into the next change, an
// unreadable-file error while set, a keyring fallback text, and the calls
// recorded.
type testStore struct {
	*tokens.Store

	mu       sync.Mutex
	fail     error // returned by the next change (Update, Delete, Rename, Copy), then cleared
	listErr  error // returned by List and Snapshot while set (Repair then moves the file aside)
	fallback string
	recorded []string // "name/kind" of each RecordSent
}

var _ Store = (*testStore)(nil)

// newTestStore opens a real store in a directory of t's.
func newTestStore(t testing.TB) *testStore {
	t.Helper()
	s, err := store.Open(store.Options{Dir: t.TempDir(), SecretStore: store.SecretFile, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &testStore{Store: tokens.New(s)}
}

// put stores p with its secrets as another authdeck would; it returns the
// profile as stored.
func (s *testStore) put(t testing.TB, p store.Profile, sec store.Secrets) store.Profile {
	t.Helper()
	return s.edit(t, p.Name, func(dst *store.Profile, dsec *store.Secrets) {
		*dst, *dsec = p, sec
	})
}

// edit changes a stored profile (or creates one) as another authdeck would.
func (s *testStore) edit(t testing.TB, name string, fn func(*store.Profile, *store.Secrets)) store.Profile {
	t.Helper()
	out, err := s.Store.Update(name, store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		fn(p, sec)
		return nil
	})
	if err != nil {
		t.Fatalf("store %s: %v", name, err)
	}
	return out
}

// load reads a profile as the console opens it.
func (s *testStore) load(name string) (openProfile, error) {
	snap, err := s.Store.Snapshot(name)
	if err != nil {
		return openProfile{}, err
	}
	return openedFrom(*snap.Current, snap.Secrets), nil
}

// giveToken caches a token under a profile as a successful call would,
// expiring at exp.
func (s *testStore) giveToken(t testing.TB, name string, tok tokenclient.TokenResponse, exp time.Time) {
	t.Helper()
	res := &tokenclient.Result{Status: 200, Token: tok, Expiry: tokenclient.Expiry{At: exp}}
	if err := s.Store.RecordResult(name, store.KindIssue, res, nil, time.Millisecond); err != nil {
		t.Fatalf("token for %s: %v", name, err)
	}
}

func (s *testStore) takeFail() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.fail
	s.fail = nil
	return err
}

func (s *testStore) unreadable() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listErr
}

// records returns the "name/kind" of each RecordSent so far.
func (s *testStore) records() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.recorded...)
}

func (s *testStore) Snapshot(name string) (store.Snapshot, error) {
	if err := s.unreadable(); err != nil {
		return store.Snapshot{}, err
	}
	return s.Store.Snapshot(name)
}

func (s *testStore) List() ([]store.Profile, error) {
	if err := s.unreadable(); err != nil {
		return nil, err
	}
	return s.Store.List()
}

func (s *testStore) Update(name string, opts store.UpdateOptions, fn func(*store.Profile, *store.Secrets) error) (store.Profile, error) {
	if err := s.takeFail(); err != nil {
		return store.Profile{}, err
	}
	return s.Store.Update(name, opts, fn)
}

func (s *testStore) Delete(name string) error {
	if err := s.takeFail(); err != nil {
		return err
	}
	return s.Store.Delete(name)
}

func (s *testStore) Rename(oldName, newName string) error {
	if err := s.takeFail(); err != nil {
		return err
	}
	return s.Store.Rename(oldName, newName)
}

func (s *testStore) Copy(src, dst string) error {
	if err := s.takeFail(); err != nil {
		return err
	}
	return s.Store.Copy(src, dst)
}

func (s *testStore) RecordSent(name, kind string, sent *tokenclient.Prepared, res *tokenclient.Result, callErr error, elapsed time.Duration) error {
	s.mu.Lock()
	s.recorded = append(s.recorded, name+"/"+kind)
	s.mu.Unlock()
	return s.Store.RecordSent(name, kind, sent, res, callErr, elapsed)
}

// Repair, while the file is unreadable, makes it so on disk and lets the
// real store move it aside.
func (s *testStore) RepairReport() (store.RepairReport, error) {
	s.mu.Lock()
	bad := s.listErr != nil
	s.listErr = nil
	s.mu.Unlock()
	if bad {
		if err := os.WriteFile(s.Path(), []byte("{\n"), 0o600); err != nil {
			return store.RepairReport{}, err
		}
	}
	return s.Store.RepairReport()
}

func (s *testStore) KeyringFallback() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fallback
}
