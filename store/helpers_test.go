package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// Secret strings used in tests; none may ever show up where it is not asked for.
const (
	testClientSecret = "cs-SECRET-9f8e7d6c5b4a"
	testAccessToken  = "at-SECRET-eyJhbGciOiJIUzI1NiJ9"
	testRefreshToken = "rt-SECRET-0a1b2c3d4e5f"
)

var testSecrets = Secrets{ClientSecret: testClientSecret, AccessToken: testAccessToken, RefreshToken: testRefreshToken}

// fixedNow is the clock of test stores.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC)

// openTest opens a store in a fresh directory with secrets in the file (so
// tests do not depend on the machine's keyring) and a fixed clock.
func openTest(t testing.TB, opts Options) (*Store, *bytes.Buffer) {
	t.Helper()
	var warn bytes.Buffer
	if opts.Dir == "" {
		opts.Dir = filepath.Join(t.TempDir(), "authdeck")
	}
	if opts.SecretStore == "" {
		opts.SecretStore = SecretFile
	}
	if opts.Warn == nil {
		opts.Warn = &syncWriter{w: &warn}
	}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	clock := fixedNow
	var mu sync.Mutex
	s.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	return s, &warn
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.String()
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// sampleProfile has every user-editable field set, extra device keys included.
func sampleProfile(name string) Profile {
	return Profile{
		Name:      name,
		Endpoint:  "https://api.example.com",
		ClientKey: "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g",
		DeviceID:  "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d",
		DeviceInfo: device.Info{
			Model: "Pixel 9", Version: "15", OSName: "Android", OSVersion: "15.0.1",
			Extra: []device.ExtraField{
				{Key: "zeta", Value: json.RawMessage(`{"b":1,"a":[true,null]}`)},
				{Key: "alpha", Value: json.RawMessage(`"x\u00e9"`)},
			},
		},
		NetworkType: device.NetworkWifi,
		Note:        "staging client \"quoted\"\nsecond line\t✓",
	}
}

// fullProfile has every configuration field set, the issue-12 ones included.
func fullProfile(name string) Profile {
	p := sampleProfile(name)
	p.Created = time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	p.Updated = time.Date(2025, 2, 3, 4, 5, 6, 7, time.UTC)
	p.UID = "uid-1234"
	p.Fields = []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"abc"`)}, {Name: "mvpdTTL", Value: json.RawMessage(`42`)}}
	p.Headers = []tokenclient.Header{{Name: "X-Client", Value: "web <1>"}}
	p.UserAgent = "Mozilla/5.0"
	p.Encoding = tokenclient.EncodingForm
	p.JSONStyle = tokenclient.JSONPython
	p.Order = []string{"mvpdTTL", "clientKey", "peacockUUID"}
	p.RefreshOrder = []string{"refreshToken", "clientKey"}
	p.SecretStore = SecretFile
	return p
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// assertNoSecret fails when any test secret appears in text.
func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{testClientSecret, testAccessToken, testRefreshToken} {
		if strings.Contains(text, s) {
			t.Errorf("%s contains a secret (%.6s…):\n%s", what, s, text)
		}
	}
}

// dirContents returns every file in dir with its contents, for secret scans.
func dirContents(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		fmt.Fprintf(&b, "== %s\n%s\n", e.Name(), data)
	}
	return b.String()
}

// histOf is the history of profile name, oldest first (as the old
// Profile.History was).
func histOf(t testing.TB, s *Store, name string) []HistoryEntry {
	t.Helper()
	h, err := s.History(HistoryQuery{Profile: name})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(h)
	return h
}

func mustEncode(t testing.TB, ps []Profile, secs []*Secrets) []byte {
	t.Helper()
	data, err := encodeProfiles(ps, secs)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// refOf is the secret reference the stored profile name points at.
func refOf(t testing.TB, s *Store, name string) string {
	t.Helper()
	var ref string
	err := s.read(func(ps []Profile) error {
		i, ok := find(ps, name)
		if !ok {
			return notFound(name)
		}
		ref = ps[i].ref()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ref
}
