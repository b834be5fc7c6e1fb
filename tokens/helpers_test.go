package tokens

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// Secret strings used in tests; none may ever show up where it is not asked for.
const (
	testClientSecret = "cs-SECRET-9f8e7d6c5b4a"
)

// fixedNow is the clock of the tests' token options.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC)

// openTest opens a store in a fresh directory with secrets in the file (so
// tests do not depend on the machine's keyring).
func openTest(t testing.TB, opts store.Options) (*Store, *bytes.Buffer) {
	t.Helper()
	var warn bytes.Buffer
	if opts.Dir == "" {
		opts.Dir = filepath.Join(t.TempDir(), "authdeck")
	}
	if opts.SecretStore == "" {
		opts.SecretStore = store.SecretFile
	}
	if opts.Warn == nil {
		opts.Warn = io.Discard
	}
	s, err := store.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return New(s), &warn
}

// sampleProfile has the user-editable fields set, extra device keys included.
func sampleProfile(name string) store.Profile {
	return store.Profile{
		Name:      name,
		Endpoint:  "https://api.example.com",
		ClientKey: "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g",
		DeviceID:  "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d",
		DeviceInfo: device.Info{
			Model: "Pixel 9", Version: "15", OSName: "Android", OSVersion: "15.0.1",
			Extra: []device.ExtraField{{Key: "zeta", Value: json.RawMessage(`{"b":1}`)}},
		},
		NetworkType: device.NetworkWifi,
	}
}

// histOf is the history of profile name, oldest first.
func histOf(t testing.TB, s *Store, name string) []store.HistoryEntry {
	t.Helper()
	h, err := s.History(store.HistoryQuery{Profile: name})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(h)
	return h
}
