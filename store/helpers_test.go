package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

// fullProfile has every field set, store-maintained ones included.
func fullProfile(name string) Profile {
	p := sampleProfile(name)
	p.Created = time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	p.Updated = time.Date(2025, 2, 3, 4, 5, 6, 7, time.UTC)
	p.LastUsed = time.Date(2025, 3, 4, 5, 6, 7, 8, time.UTC)
	p.Token = &TokenMeta{
		ExpiresIn:  1780000000,
		ExpiresAt:  time.Unix(1780000000, 0).UTC(),
		ObtainedAt: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		Relative:   true,
	}
	p.SecretStore = SecretFile
	for i := range 3 {
		p.History = append(p.History, HistoryEntry{
			Time: time.Date(2025, 3, 4, 5, 6, i, 0, time.UTC), Kind: []string{KindIssue, KindRefresh}[i%2],
			Status: 200 + i*100, Duration: time.Duration(i+1) * 1234567 * time.Nanosecond,
			Error: map[bool]string{true: "", false: "HTTP 401 Unauthorized: \"bad client\""}[i == 0],
		})
	}
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
