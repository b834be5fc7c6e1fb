package store

import (
	"errors"
	"testing"
)

func TestLastUsedNamesTheMostRecentlyUsedProfile(t *testing.T) {
	s, _ := openTest(t, Options{})
	if name, err := s.LastUsed(); err != nil || name != "" {
		t.Fatalf("empty store: %q, %v", name, err)
	}
	for _, n := range []string{"a", "b", "c"} {
		if err := s.Save(sampleProfile(n), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if name, err := s.LastUsed(); err != nil || name != "" {
		t.Fatalf("nothing used yet: %q, %v", name, err)
	}
	// The test clock moves forward on every call, so "a" is used last.
	for _, n := range []string{"b", "a"} {
		if err := recordResult(s, n, KindIssue, nil, errors.New("connection refused"), 0); err != nil {
			t.Fatal(err)
		}
	}
	if name, err := s.LastUsed(); err != nil || name != "a" {
		t.Errorf("LastUsed = %q, %v; want a", name, err)
	}
}
