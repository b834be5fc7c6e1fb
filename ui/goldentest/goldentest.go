// Package goldentest is how the console's tests compare screens with golden
// files, so that a golden changes only when what the screen shows changes.
//
// A layout golden ([Layout]) is the screen as plain text: escape codes are
// stripped, so a colour change or a change in how lipgloss writes the same
// colours moves no layout golden, and one golden serves both themes. The
// styles are pinned by a few colour goldens ([Styled]) that keep the escape
// codes; they live under testdata/TestGoldenStyles and nowhere else.
//
// [Main] runs a package's tests and then audits its testdata: every golden
// file must have been compared by this run, no layout golden may hold an
// escape code and no golden a whole token. `go test ./ui/... -update`
// regenerates the goldens and, on a whole run, removes the golden files no
// test wrote (git status shows them deleted).
//
// It is imported only by tests.
package goldentest

import (
	"flag"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// StylesTest is the name of the test whose goldens keep escape codes: the
// colour goldens live under testdata/StylesTest/.
const StylesTest = "TestGoldenStyles"

// compared is the set of golden files the running test binary compared
// (paths as golden.RequireEqual builds them), for Main's audit. Tests run in
// parallel, hence the lock.
var compared = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

// Layout compares screen, without its escape codes, with the golden file
// named after the test: testdata/<test name>.golden.
func Layout(tb testing.TB, screen string) {
	tb.Helper()
	if isStylesTest(tb.Name()) {
		tb.Fatalf("%s holds the colour goldens: compare with goldentest.Styled", StylesTest)
	}
	record(tb.Name())
	golden.RequireEqual(tb, ansi.Strip(screen))
}

// Themes renders a screen on a dark and on a light background, fails when
// the two show different text (a theme changes colours, never the layout),
// and compares that text with the layout golden named after the test: one
// golden for both themes. It returns the dark screen.
func Themes(tb testing.TB, render func(dark bool) string) string {
	tb.Helper()
	dark, light := render(true), render(false)
	if d, l := ansi.Strip(dark), ansi.Strip(light); d != l {
		tb.Errorf("the light theme shows other text than the dark one:\ndark:\n%s\nlight:\n%s", d, l)
	}
	Layout(tb, dark)
	return dark
}

// Styled compares screen, escape codes and all, with the golden file named
// after the test. Only subtests of a test named StylesTest may call it, and
// screen must hold at least one escape code (else it pins no style).
func Styled(tb testing.TB, screen string) {
	tb.Helper()
	if !isStylesTest(tb.Name()) {
		tb.Fatalf("colour goldens belong under %s/; %s should compare its layout with goldentest.Layout", StylesTest, tb.Name())
	}
	if !strings.Contains(screen, "\x1b") {
		tb.Fatalf("%s has no escape code: it pins no style", tb.Name())
	}
	record(tb.Name())
	golden.RequireEqual(tb, screen)
}

// Updating reports whether the tests run with -update (regenerating the
// goldens).
func Updating() bool {
	on, _ := flagValue("update").(bool)
	return on
}

// flagValue is the value of the command-line flag called name, nil when
// there is no such flag.
func flagValue(name string) any {
	f := flag.Lookup(name)
	if f == nil {
		return nil
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return nil
	}
	return g.Get()
}

// isStylesTest reports whether the test named name is a subtest of
// StylesTest.
func isStylesTest(name string) bool {
	return strings.HasPrefix(name, StylesTest+"/")
}

// record notes that the golden of the test named name was compared.
func record(name string) {
	compared.Lock()
	defer compared.Unlock()
	compared.paths[goldenPath(name)] = true
}
