package goldentest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// Main runs the package's tests (call it from TestMain) and, when they all
// passed on a whole run (no -run, -skip or -list), audits testdata: a golden
// file no test compared is reported, or removed when the run regenerated
// the goldens (-update) and did not write it; a golden outside
// testdata/StylesTest that holds an escape code is reported. A report fails
// the run. Main exits the process.
//
// Every package that holds screens calls it, so `go test ./ui/... -update`
// is accepted by each of them and leaves no obsolete golden behind. A test
// that compares a golden must not skip: its golden would be reported.
func Main(m *testing.M) {
	// Files written by this run are not older than start (truncated for
	// file systems that keep coarse modification times).
	start := time.Now().Truncate(time.Second)
	code := m.Run()
	if code == 0 && wholeRun() {
		removed, problems := audit("testdata", comparedPaths(), start, Updating())
		for _, p := range removed {
			fmt.Printf("goldentest: removed %s (no test writes it any more)\n", p)
		}
		if len(problems) > 0 {
			fmt.Fprintf(os.Stderr, "goldentest: testdata does not match the tests:\n  %s\n", strings.Join(problems, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// wholeRun reports whether every test of the package ran: a filtered or
// listing run compares only some goldens.
func wholeRun() bool {
	for _, name := range []string{"test.run", "test.skip", "test.list"} {
		if pattern, _ := flagValue(name).(string); pattern != "" {
			return false
		}
	}
	return true
}

// comparedPaths is a copy of the set of goldens compared so far.
func comparedPaths() map[string]bool {
	compared.Lock()
	defer compared.Unlock()
	out := make(map[string]bool, len(compared.paths))
	for p := range compared.paths {
		out[p] = true
	}
	return out
}

// goldenPath is where golden.RequireEqual keeps the golden of the test
// named name (relative to the package directory).
func goldenPath(name string) string {
	return filepath.Join("testdata", name+".golden")
}

// wholeJWT is a token as it is sent: three base64url parts, the header
// starting as every JSON header does. A screen may show its ends, never all.
var wholeJWT = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)

// audit checks the golden files under dir against the set the tests
// compared, and that none holds escape codes outside dir/StylesTest or a
// whole token. With update, a file nobody compared that is older than start
// (so this run did not write it) is removed, with the directories it
// leaves empty; every other mismatch is a problem, one sentence each.
func audit(dir string, compared map[string]bool, start time.Time, update bool) (removed, problems []string) {
	styles := filepath.Join(dir, StylesTest) + string(filepath.Separator)
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		if !strings.HasSuffix(path, ".golden") {
			return nil
		}
		if !compared[path] {
			info, err := d.Info()
			if err != nil {
				return err
			}
			if update && info.ModTime().Before(start) {
				if err := os.Remove(path); err != nil {
					return err
				}
				removed = append(removed, path)
				return nil
			}
			problems = append(problems, path+": no test compared it; compare it with goldentest.Layout (or Styled), "+
				"or, if its screen is gone, run the whole package with -update to remove it")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(path, styles) && strings.Contains(string(data), "\x1b") {
			problems = append(problems, path+": holds escape codes; a layout golden is plain text "+
				"(goldentest.Layout), colours are pinned only under "+styles)
		}
		if wholeJWT.Match(data) {
			problems = append(problems, path+": holds a whole token (a JWT); a screen shows tokens masked or cut")
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		problems = append(problems, "reading the goldens: "+err.Error())
	}
	if len(removed) > 0 {
		// Deepest first, so a parent emptied by its children goes too; a
		// directory that still holds anything stays (Remove refuses it).
		sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
		for _, d := range dirs[:len(dirs)-1] { // never dir itself
			_ = os.Remove(d)
		}
	}
	return removed, problems
}
