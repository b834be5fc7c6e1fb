package store

import (
	"errors"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
)

// Any expiresIn a server sends reads back.
func TestExtremeExpiresInReadsBack(t *testing.T) {
	for _, expiresIn := range []int64{math.MaxInt64, 1_780_000_000_000, -5, 0, math.MinInt64} {
		s, _ := openTest(t, Options{})
		if err := s.Save(sampleProfile("p"), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		res := &tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: "a", ExpiresIn: expiresIn},
			Expiry: tokenclient.ExpiryOf(expiresIn, fixedNow)}
		if err := recordResult(s, "p", KindIssue, res, nil, time.Millisecond); err != nil {
			t.Fatalf("%d: %v", expiresIn, err)
		}
		p, err := s.Get("p")
		if err != nil || p.Token == nil || p.Token.ExpiresIn != expiresIn {
			t.Fatalf("%d: read back %+v %v", expiresIn, p.Token, err)
		}
		if err := s.Save(sampleProfile("p"), nil, SaveOptions{}); err != nil {
			t.Errorf("%d: save afterwards: %v", expiresIn, err)
		}
		if _, err := s.List(); err != nil {
			t.Errorf("%d: list afterwards: %v", expiresIn, err)
		}
	}
}

// Secrets of profiles moved aside by Repair survive later
// writes, and moving the file back restores the profiles with them.
func TestRepairThenWriteKeepsSecrets(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"a", "b"} {
		if err := s.Save(sampleProfile(n), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	good, _ := os.ReadFile(s.Path())
	os.WriteFile(s.Path(), append(good[:len(good)-10:len(good)-10], "garbage"...), 0o600)
	moved, err := s.Repair()
	if err != nil || len(moved) != 1 {
		t.Fatalf("repair: %v %v", moved, err)
	}
	// Unrelated writes on the now empty store.
	if err := s.Save(sampleProfile("c"), &Secrets{ClientSecret: "c"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("c"); err != nil {
		t.Fatal(err)
	}
	// A profile saved under a moved-aside profile's name, changed, renamed
	// and deleted takes nothing of the moved-aside one's secrets.
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "new-a"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "newer-a", AccessToken: "at"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename("a", "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Path(), good, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b"} {
		if sec, err := s.Secrets(n); err != nil || sec != testSecrets {
			t.Errorf("%s after restore: %+v %v", n, sec, err)
		}
	}
}

// A write that would produce an unreadable file is
// refused before anything changes.
func TestWriteRefusesTooLargeFile(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, s.Path())
	old := maxFileSize
	maxFileSize = 4096
	defer func() { maxFileSize = old }()
	var ps []Profile
	for i := range 20 {
		ps = append(ps, sampleProfile(faultName(i)))
	}
	_, err := s.Import(mustEncode(t, ps, nil), false)
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("got %v", err)
	}
	if fileHash(t, s.Path()) != before {
		t.Error("the refused write changed profiles.json")
	}
	if _, err := s.List(); err != nil {
		t.Errorf("store unreadable after a refused write: %v", err)
	}
}

// Export with secrets reads the secrets once.
func TestExportWithSecretsOf2000(t *testing.T) {
	s, _ := openTest(t, Options{})
	ps := make([]Profile, 2000)
	secs := make([]*Secrets, 2000)
	for i := range ps {
		ps[i] = sampleProfile(faultName(i))
		secs[i] = &Secrets{ClientSecret: "cs-" + faultName(i)}
	}
	if _, err := s.Import(mustEncode(t, ps, secs), false); err != nil {
		t.Fatal(err)
	}
	out, err := s.Export(true)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), `"clientSecret": "cs-b`); n != 2000 {
		t.Errorf("%d secrets in the export", n)
	}
}

// A symlinked store file is refused, and its target is
// never chmod-ed.
func TestSymlinkedFilesAreRefused(t *testing.T) {
	for _, name := range []string{profilesFile, secretsFile, stateFile} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "authdeck")
			os.MkdirAll(dir, 0o700)
			target := filepath.Join(t.TempDir(), "elsewhere")
			os.WriteFile(target, nil, 0o644)
			os.Chmod(target, 0o644)
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			s, warn := openTest(t, Options{Dir: dir})
			st, _ := os.Stat(target)
			if st.Mode().Perm() != 0o644 {
				t.Errorf("Open chmod-ed the link target to %v", st.Mode())
			}
			err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{})
			if name == stateFile {
				// state.db is optional: the call works and the link is
				// reported once on Warn.
				if err := recordResult(s, "a", KindIssue, nil, errors.New("x"), 0); err != nil {
					t.Errorf("a symlinked state.db failed the call: %v", err)
				}
				if w := warn.String(); !strings.Contains(w, "symbolic link") || !strings.Contains(w, "profiles repair") {
					t.Errorf("warning %q does not say what is wrong and how to fix it", w)
				}
				return
			}
			var le *LinkError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("got %v, want a *LinkError", err)
			}
			if data, _ := os.ReadFile(target); len(data) != 0 {
				t.Error("the link target was written")
			}
		})
	}
}

// A symlinked lock file does not create its target.
func TestSymlinkedLockFileCreatesNothing(t *testing.T) {
	s, _ := openTest(t, Options{})
	target := filepath.Join(t.TempDir(), "created-by-lock")
	if err := os.Symlink(target, filepath.Join(s.Dir(), lockFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(); err == nil {
		t.Error("a symlinked lock file was used")
	}
	if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock's link target exists: %v", err)
	}
}

// A corrupt state.db: profiles keep working without state, Repair moves
// it aside, and state starts again.
func TestCorruptStateDatabase(t *testing.T) {
	s, warn := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := recordResult(s, "a", KindIssue, nil, errors.New("x"), 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	garbage := []byte(strings.Repeat("this is not a database ", 400))
	os.Remove(s.statePath() + "-wal")
	os.Remove(s.statePath() + "-shm")
	if err := os.WriteFile(s.statePath(), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	ps, err := s.List()
	if err != nil || len(ps) != 1 || ps[0].LastCall != nil {
		t.Fatalf("list with a corrupt state.db: %+v %v", ps, err)
	}
	if !strings.Contains(warn.String(), "state.db") {
		t.Errorf("no warning: %q", warn.String())
	}
	moved, err := s.Repair()
	if err != nil || len(moved) != 1 || !strings.Contains(moved[0], "state.db.corrupt-") {
		t.Fatalf("repair: %v %v", moved, err)
	}
	if err := recordResult(s, "a", KindIssue, nil, errors.New("y"), 0); err != nil {
		t.Fatal(err)
	}
	if h := histOf(t, s, "a"); len(h) != 1 || h[0].Error != "y" {
		t.Errorf("history after repair: %+v", h)
	}
	if sec, _ := s.Secrets("a"); sec != testSecrets {
		t.Errorf("secrets after repair: %+v", sec)
	}
}

func TestStateFilesArePrivate(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), nil, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := recordResult(s, "a", KindIssue, nil, errors.New("x"), 0); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{stateFile, stateFile + "-wal", stateFile + "-shm"} {
		st, err := os.Stat(filepath.Join(s.Dir(), f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, st.Mode())
		}
	}
}

// A read-only open of state.db (the fallback for a store that cannot be
// written) still gives the cached token's metadata.
func TestStateReadOnlyOpen(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("p"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	exp := fixedNow.Add(time.Hour)
	res := &tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: "a", ExpiresIn: exp.Unix()}, Expiry: tokenclient.Expiry{At: exp}}
	if err := recordResult(s, "p", KindIssue, res, nil, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	s.Close()
	st, err := openSQLite(s.statePath(), "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	rows, err := st.profileStates("p")
	if err != nil || rows["p"].token == nil || !rows["p"].token.ExpiresAt.Equal(exp) {
		t.Errorf("read-only state: %+v %v", rows, err)
	}
}

func TestHistoryQueryAndRequestID(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"a", "b"} {
		if err := s.Save(sampleProfile(n), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	res := &tokenclient.Result{Status: 503, Header: http.Header{"X-Request-Id": {"req-42"}}}
	if err := recordResult(s, "a", KindIssue, res, errors.New("unavailable"), 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := recordResult(s, "b", KindRefresh, nil, errors.New("context canceled"), 3*time.Second); err != nil {
		t.Fatal(err)
	}
	all, err := s.History(HistoryQuery{})
	if err != nil || len(all) != 2 || all[0].Profile != "b" || all[1].Profile != "a" {
		t.Fatalf("newest first: %+v %v", all, err)
	}
	a := all[1]
	if a.Status != 503 || a.Duration != 1500*time.Millisecond || a.RequestID != "req-42" || a.Endpoint != "https://api.example.com" ||
		a.Error != "unavailable" {
		t.Errorf("entry: %+v", a)
	}
	if all[0].Duration != 3*time.Second || all[0].Status != 0 {
		t.Errorf("cancelled call: %+v", all[0])
	}
	if h, _ := s.History(HistoryQuery{Profile: "a"}); len(h) != 1 {
		t.Errorf("by profile: %+v", h)
	}
	if h, _ := s.History(HistoryQuery{Limit: 1}); len(h) != 1 || h[0].Profile != "b" {
		t.Errorf("limit: %+v", h)
	}
	if h, _ := s.History(HistoryQuery{Since: all[0].Time.Add(time.Nanosecond)}); len(h) != 0 {
		t.Errorf("since: %+v", h)
	}
}

func TestUpdate(t *testing.T) {
	s, _ := openTest(t, Options{})
	p, err := s.Update("u", UpdateOptions{CreateOnly: true}, func(p *Profile, sec *Secrets) error {
		if p.Name != "u" || !p.Created.IsZero() && p.Endpoint != "" {
			t.Errorf("creating: got %+v", p)
		}
		p.Endpoint, p.Note = "https://api.example.com", "keep me"
		sec.ClientSecret = testClientSecret
		return nil
	})
	if err != nil || p.Note != "keep me" || p.SecretStore != SecretFile {
		t.Fatalf("create: %+v %v", p, err)
	}
	// The console's save: it sets what its form shows; the note stays.
	p2, err := s.Update("u", UpdateOptions{IfUnchangedSince: p.Updated}, func(q *Profile, sec *Secrets) error {
		if sec.ClientSecret != testClientSecret {
			t.Errorf("secrets not loaded: %+v", sec)
		}
		q.ClientKey = "new-key"
		q.Name = "ignored"
		return nil
	})
	if err != nil || p2.Note != "keep me" || p2.ClientKey != "new-key" || p2.Name != "u" || !p2.Updated.After(p.Updated) {
		t.Fatalf("update: %+v %v", p2, err)
	}
	if _, err := s.Update("u", UpdateOptions{IfUnchangedSince: p.Updated}, func(*Profile, *Secrets) error { return nil }); !errors.Is(err, ErrConflict) {
		t.Errorf("stale update: %v", err)
	}
	if _, err := s.Update("u", UpdateOptions{CreateOnly: true}, func(*Profile, *Secrets) error { return nil }); !errors.Is(err, ErrExists) {
		t.Errorf("create over existing: %v", err)
	}
	before := fileHash(t, s.Path())
	boom := errors.New("boom")
	if _, err := s.Update("u", UpdateOptions{}, func(q *Profile, _ *Secrets) error { q.Note = "x"; return boom }); !errors.Is(err, boom) {
		t.Errorf("fn error: %v", err)
	}
	if _, err := s.Update("u", UpdateOptions{}, func(q *Profile, _ *Secrets) error { q.Endpoint = "http://example.com"; return nil }); err == nil {
		t.Error("an invalid endpoint was saved")
	}
	if fileHash(t, s.Path()) != before {
		t.Error("a failed update wrote the file")
	}
}

func TestSnapshot(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"a", "b", "c"} {
		if err := s.Save(sampleProfile(n), &Secrets{ClientSecret: "cs-" + n}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if snap, err := s.Snapshot(""); err != nil || snap.Current != nil || len(snap.Profiles) != 3 || snap.LastUsed != "" {
		t.Fatalf("fresh: %+v %v", snap, err)
	}
	if err := recordResult(s, "b", KindIssue, nil, errors.New("x"), 0); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot("")
	if err != nil || snap.LastUsed != "b" || snap.Current == nil || snap.Current.Name != "b" || snap.Secrets.ClientSecret != "cs-b" ||
		snap.Current.LastCall == nil || !snap.Revision.Exists {
		t.Fatalf("last used: %+v %v", snap, err)
	}
	if snap, err := s.Snapshot("c"); err != nil || snap.Current.Name != "c" || snap.Secrets.ClientSecret != "cs-c" {
		t.Errorf("named: %+v %v", snap, err)
	}
	if _, err := s.Snapshot("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if rev, _ := s.Revision(); rev != snap.Revision {
		t.Errorf("revision %+v vs %+v", rev, snap.Revision)
	}
}

// A store written before secret references (secrets.json keyed by profile
// name, tokens inside it) reads as before; its tokens move to token files on
// the next write, and a profile saved after a repair under the same name
// leaves the moved-aside profile's secrets alone.
func TestSecretsWithoutReferencesStillRead(t *testing.T) {
	s, _ := openTest(t, Options{})
	p := sampleProfile("old")
	p.SecretStore, p.Created, p.Updated = SecretFile, fixedNow, fixedNow
	if err := os.WriteFile(s.Path(), mustEncode(t, []Profile{p}, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	legacy := `{"version":1,"secrets":{"old":{"clientSecret":"cs-old","accessToken":"at-old","refreshToken":"rt-old"}}}`
	if err := os.WriteFile(s.secretsPath(), []byte(legacy), 0o600); err != nil {
		t.Fatal(err)
	}
	want := Secrets{ClientSecret: "cs-old", AccessToken: "at-old", RefreshToken: "rt-old"}
	if sec, err := s.Secrets("old"); err != nil || sec != want {
		t.Fatalf("legacy secrets: %+v %v", sec, err)
	}
	if err := s.Save(sampleProfile("other"), &Secrets{ClientSecret: "cs-other"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if sec, err := s.Secrets("old"); err != nil || sec != want {
		t.Fatalf("legacy secrets after a write: %+v %v", sec, err)
	}
	data, _ := os.ReadFile(s.secretsPath())
	if strings.Contains(string(data), "at-old") || strings.Contains(string(data), "\n  ") {
		t.Errorf("secrets.json still holds a token or is indented: %s", data)
	}
	good, _ := os.ReadFile(s.Path())
	os.WriteFile(s.Path(), []byte("{"), 0o600)
	if _, err := s.Repair(); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sampleProfile("old"), &Secrets{ClientSecret: "cs-new"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("old"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.Path(), good, 0o600)
	if sec, err := s.Secrets("old"); err != nil || sec != want {
		t.Errorf("moved-aside legacy secrets after a save under its name: %+v %v", sec, err)
	}
}
