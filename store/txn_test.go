package store

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// A txn changes the cached profiles in place; these tests check that the
// cache is what the file holds afterwards, whether the txn wrote or not.

func txnStore(t *testing.T) *Store {
	t.Helper()
	s, _ := openTest(t, Options{})
	for _, name := range []string{"a", "c", "e"} {
		if err := s.Save(sampleProfile(name), nil, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.List(); err != nil { // fill the cache
		t.Fatal(err)
	}
	return s
}

func note(t *testing.T, s *Store, name string) string {
	t.Helper()
	p, err := s.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Note
}

func TestTxnFailureLeavesCacheAsFile(t *testing.T) {
	for _, structural := range []bool{false, true} {
		s := txnStore(t)
		want := note(t, s, "c")
		before, _ := os.ReadFile(s.Path())
		err := s.update(func(tx *txn) error {
			p, err := tx.get("c")
			if err != nil {
				return err
			}
			p.Note = "changed, then failed"
			if structural {
				tx.insert(sampleProfile("d"))
				tx.remove("a")
			}
			return errors.New("boom")
		})
		if err == nil || err.Error() != "boom" {
			t.Fatalf("update: %v", err)
		}
		after, _ := os.ReadFile(s.Path())
		if string(after) != string(before) {
			t.Fatal("a failed txn wrote the file")
		}
		if got := note(t, s, "c"); got != want {
			t.Errorf("structural=%v: cached note %q after a failed txn, want %q", structural, got, want)
		}
		if ps, _ := s.List(); len(ps) != 3 || ps[0].Name != "a" {
			t.Errorf("structural=%v: cached profiles %v after a failed txn", structural, names(ps))
		}
	}
}

func TestTxnChangeThenInsertWritesBoth(t *testing.T) {
	s := txnStore(t)
	err := s.update(func(tx *txn) error {
		p, err := tx.get("c")
		if err != nil {
			return err
		}
		p.Note = "changed"
		tx.dirty = true
		tx.insert(sampleProfile("b")) // ends sharing after an in-place change
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*Store{s, reopen(t, s)} {
		if got := note(t, st, "c"); got != "changed" {
			t.Errorf("note of c = %q, want %q", got, "changed")
		}
		if ps, _ := st.List(); strings.Join(names(ps), ",") != "a,b,c,e" {
			t.Errorf("profiles %v", names(ps))
		}
	}
	data, _ := os.ReadFile(s.Path())
	if !strings.Contains(string(data), `"note": "changed"`) {
		t.Errorf("file lacks the change:\n%s", data)
	}
}

func TestTxnSaveKeepsOtherProfilesText(t *testing.T) {
	s := txnStore(t)
	data, _ := os.ReadFile(s.Path())
	// Hand formatting of "e" must survive a save of "c".
	hand := strings.Replace(string(data), `"name": "e",`, `"name":"e",`, 1)
	if err := os.WriteFile(s.Path(), []byte(hand), 0o600); err != nil {
		t.Fatal(err)
	}
	p := sampleProfile("c")
	p.Note = "new note"
	if err := s.Save(p, nil, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(s.Path())
	if !strings.Contains(string(out), `"name":"e",`) || !strings.Contains(string(out), `"note": "new note"`) {
		t.Errorf("after saving c:\n%s", out)
	}
	if got := note(t, reopen(t, s), "c"); got != "new note" {
		t.Errorf("reread note %q", got)
	}
}

func reopen(t *testing.T, s *Store) *Store {
	t.Helper()
	r, err := Open(Options{Dir: s.Dir(), SecretStore: SecretFile, Warn: &strings.Builder{}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func names(ps []Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}
