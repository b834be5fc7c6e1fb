//go:build unix

package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stateFailures make state.db unusable in each way the store must survive;
// each returns a cleanup (or nil). want is the StateProblem reported, moved
// whether Repair moves it aside.
var stateFailures = []struct {
	name  string
	want  StateProblem
	moved bool
	make  func(t *testing.T, s *Store) func()
}{
	{"garbage", StateDamaged, true, func(t *testing.T, s *Store) func() {
		replaceState(t, s, []byte(strings.Repeat("this is not a database ", 400)))
		return nil
	}},
	{"truncated", StateDamaged, true, func(t *testing.T, s *Store) func() {
		data, err := os.ReadFile(s.statePath())
		if err != nil {
			t.Fatal(err)
		}
		replaceState(t, s, data[:len(data)/3])
		return nil
	}},
	{"newer-version", StateNewer, false, func(t *testing.T, s *Store) func() {
		db := rawState(t, s, "")
		if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		return nil
	}},
	{"symlink", StateDamaged, true, func(t *testing.T, s *Store) func() {
		replaceState(t, s, nil)
		target := s.statePath() + ".target"
		os.WriteFile(target, nil, 0o600)
		if err := os.Symlink(target, s.statePath()); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{"fifo", StateDamaged, true, func(t *testing.T, s *Store) func() {
		replaceState(t, s, nil)
		if err := syscall.Mkfifo(s.statePath(), 0o600); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{"locked", StateBusy, false, func(t *testing.T, s *Store) func() {
		stateBusyTimeout = 100 * time.Millisecond
		db := rawState(t, s, "&_pragma=locking_mode(EXCLUSIVE)")
		if _, err := db.Exec(`INSERT INTO v1_import(source, at) VALUES ('held', 0)`); err != nil {
			t.Fatal(err)
		}
		return func() { db.Close(); stateBusyTimeout = 10 * time.Second }
	}},
	{"disk-full", StateDamaged, false, func(t *testing.T, s *Store) func() {
		testHookStep = func(step string) error {
			if step == "state" {
				return syscall.ENOSPC
			}
			return nil
		}
		return func() { testHookStep = nil }
	}},
}

// replaceState removes state.db and its WAL files and, unless data is nil,
// writes data in its place.
func replaceState(t *testing.T, s *Store, data []byte) {
	t.Helper()
	s.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(s.statePath() + suffix)
	}
	if data != nil {
		if err := os.WriteFile(s.statePath(), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// rawState opens state.db directly, as another program would.
func rawState(t *testing.T, s *Store, extra string) *sql.DB {
	t.Helper()
	s.Close()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: s.statePath()}).EscapedPath()+"?_pragma=journal_mode(WAL)"+extra)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// TestStoreWorksWithoutStateDB: with state.db unusable in each way, every
// operation that does not need it works, the problem and its fix are
// reported once, and Repair moves only a damaged database aside.
func TestStoreWorksWithoutStateDB(t *testing.T) {
	ran := 0
	for _, f := range stateFailures {
		t.Run(f.name, func(t *testing.T) {
			s, warn := openTest(t, Options{})
			if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs-a"}, SaveOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := saveTokenOnce(s, "a", 1); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if cleanup := f.make(t, s); cleanup != nil {
				defer cleanup()
			}
			ops := []struct {
				name string
				fn   func() error
			}{
				{"list", func() error { _, err := s.List(); return err }},
				{"get", func() error { _, err := s.Get("a"); return err }},
				{"secrets", func() error {
					sec, err := s.Secrets("a")
					if err == nil && (sec.ClientSecret != "cs-a" || sec.AccessToken == "") {
						err = fmt.Errorf("secrets %+v", sec)
					}
					return err
				}},
				{"save", func() error { return s.Save(sampleProfile("b"), &Secrets{ClientSecret: "cs-b"}, SaveOptions{}) }},
				{"token save", func() error { return saveTokenOnce(s, "a", 2) }},
				{"record", func() error { return recordResult(s, "a", KindIssue, nil, errors.New("refused"), time.Millisecond) }},
				{"rename", func() error { return s.Rename("b", "c") }},
				{"delete", func() error { return s.Delete("c") }},
				{"snapshot", func() error { _, err := s.Snapshot("a"); return err }},
			}
			for _, op := range ops {
				if err := op.fn(); err != nil {
					t.Errorf("%s with state.db %s: %v", op.name, f.name, err)
				}
			}
			if sec, _ := s.Secrets("a"); sec.AccessToken != fmt.Sprintf("at-a-2-%s", longToken) {
				t.Errorf("the token saved without state.db was not kept")
			}
			w := warn.String()
			if n := strings.Count(w, "state.db"); n != 1 {
				t.Errorf("state.db reported %d times:\n%s", n, w)
			}
			fix := map[StateProblem]string{StateDamaged: "profiles repair", StateBusy: "retry", StateNewer: "upgrade"}[f.want]
			if !strings.Contains(w, fix) {
				t.Errorf("the report does not name the fix %q:\n%s", fix, w)
			}
			if f.name == "disk-full" {
				testHookStep = nil
				ran++
				return // the database itself is fine
			}
			moved, err := s.Repair()
			var se *StateError
			switch {
			case f.moved:
				if err != nil || len(moved) == 0 || !strings.Contains(moved[0], "state.db.corrupt-") {
					t.Errorf("repair of a %s state.db: moved %v, %v", f.name, moved, err)
				}
			default:
				if !errors.As(err, &se) || se.Problem != f.want || len(moved) != 0 {
					t.Errorf("repair of a %s state.db: moved %v, %v; want a %v error and nothing moved", f.name, moved, err, f.want)
				}
				if _, statErr := os.Lstat(s.statePath()); statErr != nil {
					t.Errorf("repair moved a %s state.db: %v", f.name, statErr)
				}
			}
			ran++
		})
	}
	if ran != len(stateFailures) {
		t.Errorf("%d of %d failure modes ran", ran, len(stateFailures))
	}
}
