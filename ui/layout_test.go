package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestKeyringOffIsExplainedInTheOverlay: the KEYRING OFF
// badge points at F1, and F1 says what it means with the store's reason.
func TestKeyringOffIsExplainedInTheOverlay(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	st.fallback = "no Secret Service on the session bus"
	m := storeModel(t, st, 80, 24, true)
	m = loadProfile(t, m, "staging")
	if h := ansi.Strip(header(m)); !strings.Contains(h, "KEYRING OFF  F1") {
		t.Fatalf("badge without its pointer: %q", h)
	}
	text := strings.Join(strings.Fields(overlayText(t, m)), " ")
	for _, want := range []string{"KEYRING OFF the system keyring could not be used (no Secret Service on", "0600 file"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q", want)
		}
	}
}

// TestSideBySideKeepsTheDeviceIDAndMarksFrom100Columns:
// from 100 to 119 columns the form shows the whole device id and the
// "◆ detected" marks, and the header keeps its badges over a long name.
func TestSideBySideKeepsTheDeviceIDAndMarksFrom100Columns(t *testing.T) {
	t.Parallel()
	for _, w := range []int{100, 110, 119} {
		m := newTestModel(t, testDeps(&recorder{}), w, 30, true)
		c := ansi.Strip(content(m))
		if !strings.Contains(c, testDeviceID) || !strings.Contains(c, "◆ detected") {
			t.Errorf("at %d columns the device id or the marks are cut:\n%s", w, c)
		}
	}
	st := sampleStore(t)
	st.fallback = "no Secret Service"
	long := strings.Repeat("a-very-long-profile-name-", 4)
	m := storeModel(t, st, 100, 30, true)
	m = loadProfile(t, m, "staging")
	m.profile = long
	if h := ansi.Strip(header(m)); !strings.Contains(h, "KEYRING OFF") || !strings.Contains(h, "secrets in plain file") {
		t.Fatalf("badges dropped at 100 columns: %q", h)
	}
}
