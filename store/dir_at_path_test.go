//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory where a store file belongs (mkdir secrets.json) is refused
// with its path and the fix, and never chmod-ed.
func TestDirectoryAtStorePathIsRefused(t *testing.T) {
	ran := 0
	for _, name := range []string{profilesFile, secretsFile, lockFile, stateFile} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "authdeck")
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, 0o755)
			s, warn := openTest(t, Options{Dir: dir})
			err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs"}, SaveOptions{})
			msg := ""
			if name == stateFile {
				if err != nil {
					t.Errorf("state.db is optional, but the save failed: %v", err)
				}
				msg = warn.String()
			} else if err == nil {
				t.Fatal("a directory at the store path was accepted")
			} else {
				msg = err.Error()
			}
			if !strings.Contains(msg, path+" is a directory") || !strings.Contains(msg, "move the directory out of the way") {
				t.Errorf("the message does not name the path and the fix: %q", msg)
			}
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o755 {
				t.Errorf("the directory was changed: %v %v", st.Mode(), err)
			}
			ran++
		})
	}
	if ran != 4 {
		t.Errorf("%d of 4 cases ran", ran)
	}
}
