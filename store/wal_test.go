package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// walSize is the size of state.db-wal (0 when there is none).
func walSize(t *testing.T, s *Store) int64 {
	t.Helper()
	fi, err := os.Stat(s.statePath() + "-wal")
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestWALStaysSmall: 1 000 token calls' worth of state writes keep the WAL
// under the 4 MB budget while the store is open, and Close leaves none.
func TestWALStaysSmall(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	var biggest int64
	const calls = 1000
	for i := range calls {
		err := s.stateWrite(func(tx *sql.Tx) error {
			e := HistoryEntry{Profile: "a", Time: fixedNow.Add(time.Duration(i) * time.Second), Kind: KindIssue, Status: 200,
				Duration: time.Millisecond, Error: fmt.Sprintf("%0300d", i), Endpoint: "https://api.example.com"}
			if err := addHistory(tx, e, DefaultHistoryLimit); err != nil {
				return err
			}
			return putToken(tx, "a", &TokenMeta{ExpiresIn: 3600, ExpiresAt: fixedNow, ObtainedAt: fixedNow})
		})
		if err != nil {
			t.Fatal(err)
		}
		biggest = max(biggest, walSize(t, s))
	}
	if biggest > 2<<20 { // walLimit and the last transaction
		t.Errorf("the WAL reached %d bytes during %d writes", biggest, calls)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after := walSize(t, s)
	if after > 4<<20 {
		t.Errorf("the WAL is %d bytes after Close", after)
	}
	t.Logf("%d state writes: WAL at most %d bytes while open, %d after Close", calls, biggest, after)
}

// TestMigrationLeavesSmallWAL: migrating a version 1 store of 3 000
// profiles with 20 history entries each leaves a WAL under 4 MB.
func TestMigrationLeavesSmallWAL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authdeck")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	type hist struct {
		Time     time.Time `json:"time"`
		Kind     string    `json:"kind"`
		Status   int       `json:"status"`
		Duration string    `json:"duration"`
		Error    string    `json:"error"`
	}
	type prof struct {
		Name     string    `json:"name"`
		Endpoint string    `json:"endpoint"`
		Created  time.Time `json:"created"`
		Updated  time.Time `json:"updated"`
		History  []hist    `json:"history"`
	}
	doc := struct {
		Version  int    `json:"version"`
		Profiles []prof `json:"profiles"`
	}{Version: 1}
	for i := range 1500 {
		p := prof{Name: fmt.Sprintf("p%05d", i), Endpoint: "https://api.example.com", Created: fixedNow, Updated: fixedNow}
		for j := range 20 {
			p.History = append(p.History, hist{Time: fixedNow.Add(time.Duration(j) * time.Second), Kind: KindIssue, Status: 200, Duration: "12ms", Error: "x"})
		}
		doc.Profiles = append(doc.Profiles, p)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, profilesFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := openTest(t, Options{Dir: dir})
	ps, err := s.List()
	if err != nil || len(ps) != 1500 {
		t.Fatalf("migration: %d profiles, %v", len(ps), err)
	}
	if h := histOf(t, s, "p00007"); len(h) != 20 {
		t.Fatalf("history of p00007: %d entries", len(h))
	}
	size := walSize(t, s)
	if size > 2<<20 { // walLimit: the budget is 4 MB
		t.Errorf("the migration left a %d-byte WAL", size)
	}
	t.Logf("migration of 1 500 profiles × 20 history entries: WAL %d bytes", size)
}
