package store

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// v1Store copies a version 1 fixture (written by the code before format
// version 2) into a fresh store directory.
func v1Store(t *testing.T, fixture string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "authdeck")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{profilesFile, secretsFile} {
		data, err := os.ReadFile(filepath.Join("testdata", "v1", fixture, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkMigrated compares the store in dir with the fixture, profile by
// profile: configuration, secrets, token metadata, last-used and every
// history entry.
func checkMigrated(t *testing.T, dir, fixture string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "v1", fixture, profilesFile))
	if err != nil {
		t.Fatal(err)
	}
	want, _, states, err := decodeV1(data, false)
	if err != nil {
		t.Fatal(err)
	}
	secData, _ := os.ReadFile(filepath.Join("testdata", "v1", fixture, secretsFile))
	wantSecrets, err := decodeSecretsFile(secData)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := openTest(t, Options{Dir: dir})
	got, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d profiles, want %d", len(got), len(want))
	}
	all, err := s.History(HistoryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byProfile := map[string][]HistoryEntry{}
	for _, e := range slices.Backward(all) {
		byProfile[e.Profile] = append(byProfile[e.Profile], e)
	}
	file, err := s.loadSecretsFile()
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		g := got[i]
		if !reflect.DeepEqual(g.config(), w) {
			t.Errorf("profile %s:\nwant %#v\ngot  %#v", w.Name, w, g.config())
		}
		st := states[i]
		if !g.LastUsed.Equal(st.lastUsed) {
			t.Errorf("%s: last used %v, want %v", w.Name, g.LastUsed, st.lastUsed)
		}
		if (g.Token == nil) != (st.token == nil) || g.Token != nil && (g.Token.ExpiresIn != st.token.ExpiresIn ||
			!g.Token.ExpiresAt.Equal(st.token.ExpiresAt) || !g.Token.ObtainedAt.Equal(st.token.ObtainedAt) || g.Token.Relative != st.token.Relative) {
			t.Errorf("%s: token %+v, want %+v", w.Name, g.Token, st.token)
		}
		h := byProfile[w.Name]
		if len(h) != len(st.history) {
			t.Errorf("%s: %d history entries, want %d", w.Name, len(h), len(st.history))
			continue
		}
		for j := range h {
			a, b := h[j], st.history[j]
			if !a.Time.Equal(b.Time) || a.Kind != b.Kind || a.Status != b.Status || a.Duration != b.Duration || a.Error != b.Error || a.Profile != w.Name {
				t.Errorf("%s history %d: %+v, want %+v", w.Name, j, a, b)
			}
		}
		if w.SecretStore != SecretKeyring {
			if sec := file[w.Name]; sec != wantSecrets[w.Name] {
				t.Errorf("%s: secrets %+v", w.Name, sec)
			}
		}
	}
}

func TestMigrateVersion1(t *testing.T) {
	for _, fixture := range []string{"small", "many"} {
		t.Run(fixture, func(t *testing.T) {
			dir := v1Store(t, fixture)
			checkMigrated(t, dir, fixture)
			orig, _ := os.ReadFile(filepath.Join("testdata", "v1", fixture, profilesFile))
			bak := filepath.Join(dir, v1Backup)
			if data, err := os.ReadFile(bak); err != nil || string(data) != string(orig) {
				t.Errorf("backup: %v", err)
			}
			if st, _ := os.Stat(bak); st.Mode().Perm() != 0o600 {
				t.Errorf("backup mode %v", st.Mode())
			}
			now, _ := os.ReadFile(filepath.Join(dir, profilesFile))
			if !strings.Contains(string(now), `"version": 2`) || strings.Contains(string(now), `"history"`) {
				t.Errorf("profiles.json not rewritten as version 2")
			}
			// Idempotent: a second run (another v1 file put back by hand)
			// adds nothing twice.
			os.WriteFile(filepath.Join(dir, profilesFile), orig, 0o600)
			checkMigrated(t, dir, fixture)
		})
	}
	// The stale secret of a profile that does not exist stays untouched.
	dir := v1Store(t, "small")
	s, _ := openTest(t, Options{Dir: dir})
	if _, err := s.List(); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.loadSecretsFile(); m["stale-no-profile"].ClientSecret != "orphan" {
		t.Error("migration dropped a secret")
	}
}

func TestMigrationSurvivesKill(t *testing.T) {
	for _, step := range []string{"history", "state", "backup", "midwrite", "profiles"} {
		t.Run(step, func(t *testing.T) {
			dir := v1Store(t, "small")
			cmd := helper(t, "migrate-kill", dir, step)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(out).ReadString('\n')
			cmd.Process.Kill()
			cmd.Wait()
			if line != "at "+step+"\n" {
				t.Fatalf("helper said %q: %s", line, stderr.String())
			}
			checkMigrated(t, dir, "small")
		})
	}
}

// A version 1 store with an http endpoint to a host that is not loopback
// migrates: the endpoint is kept and marked, saving the profile again keeps
// it, and a new such endpoint is still refused.
func TestMigrateKeepsInsecureHTTPEndpoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authdeck")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	v1 := `{"version": 1, "profiles": [
	  {"name": "lan", "endpoint": "http://192.0.2.7:8080", "clientKey": "k", "deviceId": "d",
	   "deviceInfo": {"model": "m", "version": "1", "osName": "o", "osVersion": "1"},
	   "created": "2026-11-27T09:00:00Z", "updated": "2026-11-27T09:00:00Z"},
	  {"name": "safe", "endpoint": "https://api.example.com", "clientKey": "k", "deviceId": "d",
	   "deviceInfo": {"model": "m", "version": "1", "osName": "o", "osVersion": "1"},
	   "created": "2026-11-27T09:00:00Z", "updated": "2026-11-27T09:00:00Z"}]}`
	if err := os.WriteFile(filepath.Join(dir, profilesFile), []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := openTest(t, Options{Dir: dir})
	p, err := s.Get("lan")
	if err != nil {
		t.Fatalf("a v1 store with an http endpoint does not open: %v", err)
	}
	if p.Endpoint != "http://192.0.2.7:8080" || !p.InsecureHTTP() {
		t.Errorf("endpoint %q, marked %v", p.Endpoint, p.InsecureHTTP())
	}
	if q, _ := s.Get("safe"); q.InsecureHTTP() {
		t.Error("an https endpoint is marked insecure")
	}
	p.Note = "still here"
	if err := s.Save(p, nil, SaveOptions{}); err != nil {
		t.Errorf("saving the migrated profile: %v", err)
	}
	p.Endpoint = "http://192.0.2.8:8080"
	if err := s.Save(p, nil, SaveOptions{}); err == nil {
		t.Error("a new http endpoint to a non-loopback host was accepted")
	}
	if q, _ := s.Get("lan"); !q.InsecureHTTP() || q.Note != "still here" {
		t.Errorf("after the saves: %+v", q)
	}
}
