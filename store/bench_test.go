package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// benchDirs caches one store per size (built once per test binary).
var (
	benchMu   sync.Mutex
	benchDirs = map[string]string{}
)

// benchStore returns a store directory with n configuration profiles
// (secrets in the file); history > 0 adds a cached token and that many
// history entries per profile to state.db.
func benchStore(b *testing.B, n, history int) string {
	b.Helper()
	key := fmt.Sprint(n, "/", history)
	benchMu.Lock()
	defer benchMu.Unlock()
	if d, ok := benchDirs[key]; ok {
		return d
	}
	dir, err := os.MkdirTemp("", "authdeck-bench-")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(Options{Dir: dir, SecretStore: SecretFile, Warn: os.Stderr})
	if err != nil {
		b.Fatal(err)
	}
	ps := make([]Profile, n)
	secs := make([]*Secrets, n)
	for i := range ps {
		ps[i] = sampleProfile(fmt.Sprintf("p%06d", i))
		ps[i].Note, ps[i].DeviceInfo.Extra = "", nil // a typical profile: four device keys, no note
		ps[i].Created, ps[i].Updated = fixedNow, fixedNow
		secs[i] = &Secrets{ClientSecret: fmt.Sprintf("cs-%d", i)}
	}
	data, err := encodeProfiles(ps, secs)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Import(data, false); err != nil {
		b.Fatal(err)
	}
	if history > 0 {
		err := s.stateWrite(func(tx *sql.Tx) error {
			for i := range ps {
				for j := range history {
					e := HistoryEntry{Profile: ps[i].Name, Time: fixedNow.Add(time.Duration(j) * time.Second), Kind: KindIssue, Status: 200,
						Duration: time.Millisecond, Endpoint: ps[i].Endpoint}
					if err := addHistory(tx, e, DefaultHistoryLimit); err != nil {
						return err
					}
				}
				if err := putToken(tx, ps[i].Name, &TokenMeta{ExpiresIn: 1780000000, ExpiresAt: time.Unix(1780000000, 0), ObtainedAt: fixedNow}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	benchDirs[key] = dir
	return dir
}

func openBench(b *testing.B, dir string) *Store {
	s, err := Open(Options{Dir: dir, SecretStore: SecretFile, Warn: os.Stderr})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLoad10k: a fresh Store lists 10 000 profiles (configuration
// only, no state.db) — the `profiles list` read.
func BenchmarkLoad10k(b *testing.B) {
	dir := benchStore(b, 10_000, 0)
	st, _ := os.Stat(filepath.Join(dir, profilesFile))
	b.SetBytes(st.Size())
	for b.Loop() {
		s := openBench(b, dir)
		if ps, err := s.List(); err != nil || len(ps) != 10_000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad10kWithState: the same with a token and 5 history entries
// per profile in state.db (the list's state columns).
func BenchmarkLoad10kWithState(b *testing.B) {
	dir := benchStore(b, 10_000, 5)
	for b.Loop() {
		s := openBench(b, dir)
		ps, err := s.List()
		if err != nil || len(ps) != 10_000 || ps[0].LastCall == nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSave10kCold: a process's first action, saving one profile of
// 10 000 (open, lock, read, parse, write, fsync, rename).
func BenchmarkSave10kCold(b *testing.B) {
	dir := benchStore(b, 10_000, 0)
	i := 0
	for b.Loop() {
		s := openBench(b, dir)
		p := sampleProfile("p000042")
		p.Note = fmt.Sprint(i)
		i++
		if err := s.Save(p, nil, SaveOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistoryAppend: recording one call (a failure, so no secret is
// written) in a store of 10 000 profiles, as the console does.
func BenchmarkHistoryAppend(b *testing.B) {
	dir := benchStore(b, 10_000, 5)
	s := openBench(b, dir)
	defer s.Close()
	boom := errors.New("connection refused")
	for b.Loop() {
		if err := recordResult(s, "p000042", KindIssue, nil, boom, time.Millisecond); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCachedToken: the store's half of a cached `token -p` (profiles.json
// once, state.db once, secrets once) in a fresh Store.
func BenchmarkCachedToken10k(b *testing.B) {
	dir := benchStore(b, 10_000, 5)
	sec := Secrets{ClientSecret: "cs-42", AccessToken: "at", RefreshToken: "rt"}
	s := openBench(b, dir)
	if err := s.Save(sampleProfile("p000042"), &sec, SaveOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := recordResult(s, "p000042", KindIssue, nil, errors.New("x"), 0); err != nil {
		b.Fatal(err)
	}
	s.stateWrite(func(tx *sql.Tx) error {
		return putToken(tx, "p000042", &TokenMeta{ExpiresIn: 1 << 40, ExpiresAt: time.Now().Add(time.Hour)})
	})
	s.Close()
	for b.Loop() {
		s := openBench(b, dir)
		r, err := s.ReadForToken("p000042", nil)
		if err != nil || r.Profile.Token == nil || r.Secrets.AccessToken == "" {
			b.Fatal(r.Profile.Token, err)
		}
		s.Close()
	}
}

// BenchmarkList: scaling of a fresh list with 1k, 10k and 100k profiles.
func BenchmarkList(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := benchStore(b, n, 0)
			for b.Loop() {
				s := openBench(b, dir)
				if ps, err := s.List(); err != nil || len(ps) != n {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExportWithSecrets2k: export --with-secrets of 2 000 profiles.
func BenchmarkExportWithSecrets2k(b *testing.B) {
	dir := benchStore(b, 2_000, 0)
	for b.Loop() {
		s := openBench(b, dir)
		if _, err := s.Export(true); err != nil {
			b.Fatal(err)
		}
	}
}
