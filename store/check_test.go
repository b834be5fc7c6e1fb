package store

import "testing"

func TestCheckState(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.CheckState(); err != nil {
		t.Errorf("fresh store: %v", err)
	}
}
