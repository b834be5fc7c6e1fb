package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// TestKeysMatchOnlyThroughTheKeyMap greps the console's code (every package
// under ui/) for key presses compared as strings: a rebinding in the key
// map must reach every place.
func TestKeysMatchOnlyThroughTheKeyMap(t *testing.T) {
	t.Parallel()
	bad := regexp.MustCompile(`\.String\(\)\s*(==|!=)\s*"|switch\s+\w+\.String\(\)\s*\{|\.Keystroke\(\)\s*(==|!=)`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if bad.MatchString(line) {
				t.Errorf("%s:%d matches a key by its string: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRebindingReachesTheUpdateCode rebinds keys the update code handles
// (esc, q, f1, ?, tab, ctrl+y) and checks the new keys act and the old
// ones do not.
func TestRebindingReachesTheUpdateCode(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m.keys.Help = key.NewBinding(key.WithKeys("f2"))
	m.keys.CloseHelp = key.NewBinding(key.WithKeys("x"))
	m.keys.Back = key.NewBinding(key.WithKeys("b"))
	m.keys.CopyTokAny = key.NewBinding(key.WithKeys("ctrl+b"))

	if m = update(m, tea.KeyPressMsg{Code: tea.KeyF1}); m.showHelp {
		t.Fatal("f1 still opens the help after rebinding")
	}
	if m = update(m, tea.KeyPressMsg{Code: tea.KeyF2}); !m.showHelp {
		t.Fatal("f2 does not open the help")
	}
	if m = update(m, keyEsc); !m.showHelp {
		t.Fatal("esc still closes the help after rebinding")
	}
	if m = update(m, keyRune('x')); m.showHelp {
		t.Fatal("x does not close the help")
	}

	m = update(m, keyCtrl('o'))
	if m = update(m, keyTab); m.focus != focusResult {
		t.Fatal("tab still leaves the result view after rebinding")
	}
	if m = update(m, keyRune('b')); m.focus != focusForm {
		t.Fatal("b does not go back to the form")
	}

	if _, cmd := updateCmd(m, keyCtrl('y')); cmd != nil {
		t.Fatal("ctrl+y still copies after rebinding")
	}
	m = update(m, keyCtrl('b'))
	if !strings.Contains(m.status, "no token to copy") {
		t.Fatalf("ctrl+b did not try to copy: %q", m.status)
	}
}
