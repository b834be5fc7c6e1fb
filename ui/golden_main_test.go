package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/ui/goldentest"
)

// TestMain runs the tests and then checks that testdata holds exactly the
// goldens they compared, none of the layout ones with escape codes.
func TestMain(m *testing.M) { goldentest.Main(m) }

// TestEveryPackageAuditsItsGoldens checks that every package under ui/ with
// tests runs goldentest.Main from its TestMain: there -update is a flag
// (go test ./ui/... -update fails in a package without it) and the goldens
// a test adds later are audited.
func TestEveryPackageAuditsItsGoldens(t *testing.T) {
	t.Parallel()
	audited := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		dir := filepath.Dir(path)
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") || dir == "goldentest" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		audited[dir] = audited[dir] || strings.Contains(string(src), "goldentest.Main(m)")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(audited) < 8 {
		t.Fatalf("found tests in %d packages under ui/, want at least 8: %v", len(audited), audited)
	}
	var missing []string
	for dir, ok := range audited {
		if !ok {
			missing = append(missing, dir)
		}
	}
	sort.Strings(missing)
	for _, dir := range missing {
		t.Errorf("ui/%s: no TestMain calls goldentest.Main (copy ui/golden_main_test.go into it)", dir)
	}
}
