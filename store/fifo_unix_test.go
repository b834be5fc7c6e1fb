//go:build unix

package store

import (
	"errors"
	"syscall"
	"testing"
)

// A FIFO at profiles.json is refused at once, not read
// forever.
func TestFIFOIsRefused(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := syscall.Mkfifo(s.Path(), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.List()
	var le *LinkError
	if !errors.As(err, &le) || le.Problem != "is not a regular file" {
		t.Errorf("got %v", err)
	}
	if err := s.Save(sampleProfile("a"), nil, SaveOptions{}); !errors.As(err, &le) {
		t.Errorf("save: %v", err)
	}
}
