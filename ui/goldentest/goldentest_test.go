package goldentest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeTB is a test whose name is chosen and whose failures are collected
// instead of stopping anything.
type fakeTB struct {
	testing.TB
	name     string
	failures []string
}

func (f *fakeTB) Name() string { return f.name }
func (f *fakeTB) Helper()      {}
func (f *fakeTB) Fatal(args ...any) {
	f.failures = append(f.failures, fmt.Sprint(args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failures = append(f.failures, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.failures = append(f.failures, fmt.Sprintf(format, args...))
}

// compareOnly runs the test in a fresh directory with -update off, so that
// a comparison compares even when the suite regenerates goldens.
func compareOnly(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	was := Updating()
	if err := flag.Set("update", "false"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("update", strconv.FormatBool(was)) })
}

// writeGolden writes a golden file under the current directory's testdata.
func writeGolden(t *testing.T, name, content string) {
	t.Helper()
	p := goldenPath(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const styledScreen = "\x1b[1;38;2;180;161;255mauthdeck\x1b[m · new profile\n\x1b[7m DEMO \x1b[m fake server"

func TestLayoutComparesThePlainText(t *testing.T) {
	compareOnly(t)
	writeGolden(t, "TestScreen/80x24", "authdeck · new profile\n DEMO  fake server")
	tb := &fakeTB{TB: t, name: "TestScreen/80x24"}
	Layout(tb, styledScreen)
	if len(tb.failures) > 0 {
		t.Fatalf("the styled screen does not match its plain golden: %v", tb.failures)
	}
	// The same screen in other colours is the same layout.
	Layout(tb, strings.ReplaceAll(styledScreen, "180;161;255", "90;63;217"))
	if len(tb.failures) > 0 {
		t.Fatalf("a colour change moved the layout golden: %v", tb.failures)
	}
	Layout(tb, strings.Replace(styledScreen, "new profile", "new  profile", 1))
	if len(tb.failures) == 0 {
		t.Fatal("a change in the text passed")
	}
	if !comparedPaths()[goldenPath("TestScreen/80x24")] {
		t.Fatal("the comparison was not recorded")
	}
}

func TestThemesShareOneLayoutGolden(t *testing.T) {
	compareOnly(t)
	writeGolden(t, "TestScreen/80x24", "authdeck · new profile\n DEMO  fake server")
	lightScreen := strings.ReplaceAll(styledScreen, "180;161;255", "90;63;217")
	tb := &fakeTB{TB: t, name: "TestScreen/80x24"}
	got := Themes(tb, func(dark bool) string {
		if dark {
			return styledScreen
		}
		return lightScreen
	})
	if len(tb.failures) > 0 || got != styledScreen {
		t.Fatalf("two themes of one layout: failures %v, returned %q", tb.failures, got)
	}
	Themes(tb, func(dark bool) string {
		if dark {
			return styledScreen
		}
		return strings.Replace(lightScreen, "DEMO", "DEMO ", 1)
	})
	if len(tb.failures) != 1 || !strings.Contains(tb.failures[0], "the light theme shows other text") {
		t.Fatalf("a light theme with other text: failures %q", tb.failures)
	}
}

func TestStyledKeepsTheEscapeCodes(t *testing.T) {
	compareOnly(t)
	writeGolden(t, StylesTest+"/header/dark", styledScreen)
	tb := &fakeTB{TB: t, name: StylesTest + "/header/dark"}
	Styled(tb, styledScreen)
	if len(tb.failures) > 0 {
		t.Fatalf("the styled screen does not match itself: %v", tb.failures)
	}
	Styled(tb, strings.ReplaceAll(styledScreen, "180;161;255", "90;63;217"))
	if len(tb.failures) == 0 {
		t.Fatal("a colour change passed the colour golden")
	}
}

func TestEachKindOfGoldenHasItsPlace(t *testing.T) {
	compareOnly(t)
	for _, c := range []struct {
		name, screen, want string
		styled             bool
	}{
		{"TestGolden/token/80x24", styledScreen, "", false},
		{StylesTest + "/header/dark", styledScreen, "", true},
		{StylesTest + "/header/dark", styledScreen, "compare with goldentest.Styled", false},
		{"TestGolden/token/80x24/dark", styledScreen, "should compare its layout with goldentest.Layout", true},
		{StylesTest + "/header/plain", "authdeck", "pins no style", true},
	} {
		writeGolden(t, c.name, c.screen)
		tb := &fakeTB{TB: t, name: c.name}
		if c.styled {
			Styled(tb, c.screen)
		} else {
			writeGolden(t, c.name, "authdeck · new profile\n DEMO  fake server")
			Layout(tb, c.screen)
		}
		got := strings.Join(tb.failures, "\n")
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s (styled %v): failures %q, want %q", c.name, c.styled, got, c.want)
		}
	}
}

func TestAuditFindsStrayColouredAndTokenGoldens(t *testing.T) {
	compareOnly(t)
	writeGolden(t, "TestGolden/token/80x24", "plain")
	writeGolden(t, "TestGolden/token/120x40", "\x1b[1mcoloured\x1b[m")
	writeGolden(t, StylesTest+"/header/dark", "\x1b[1mcoloured\x1b[m")
	writeGolden(t, "TestGolden/token/80x24/dark", "\x1b[1mleft from the twins\x1b[m")
	writeGolden(t, "TestGolden/token/160x48", "Access token  eyJhbGciOiJI…aGVja2Vk  (273 chars)\n"+
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW5vdC1jaGVja2Vk")
	compared := map[string]bool{
		goldenPath("TestGolden/token/80x24"):    true,
		goldenPath("TestGolden/token/120x40"):   true,
		goldenPath("TestGolden/token/160x48"):   true,
		goldenPath(StylesTest + "/header/dark"): true,
	}
	removed, problems := audit("testdata", compared, time.Now().Add(time.Hour), false)
	if len(removed) != 0 {
		t.Fatalf("removed %v without -update", removed)
	}
	if len(problems) != 4 ||
		!strings.Contains(problems[0], "120x40.golden: holds escape codes") ||
		!strings.Contains(problems[1], "160x48.golden: holds a whole token") ||
		!strings.Contains(problems[2], "80x24/dark.golden: no test compared it") ||
		!strings.Contains(problems[3], "80x24/dark.golden: holds escape codes") {
		t.Fatalf("problems:\n%s", strings.Join(problems, "\n"))
	}
}

func TestAuditRemovesOnlyOldStrayGoldensWhenUpdating(t *testing.T) {
	compareOnly(t)
	writeGolden(t, "TestGolden/token/80x24", "plain")
	writeGolden(t, "TestGolden/token/80x24/dark", "old twin")
	writeGolden(t, "TestGolden/token/80x24/light", "old twin")
	writeGolden(t, "TestGolden/gone/120x40", "a screen since removed")
	past := time.Now().Add(-time.Hour)
	for _, p := range []string{"TestGolden/token/80x24/dark", "TestGolden/token/80x24/light", "TestGolden/gone/120x40"} {
		if err := os.Chtimes(goldenPath(p), past, past); err != nil {
			t.Fatal(err)
		}
	}
	// Written by this run without goldentest: reported, kept.
	writeGolden(t, "TestOther/direct", "written by golden.RequireEqual")
	compared := map[string]bool{goldenPath("TestGolden/token/80x24"): true}
	removed, problems := audit("testdata", compared, time.Now().Add(-time.Minute), true)
	want := []string{goldenPath("TestGolden/gone/120x40"), goldenPath("TestGolden/token/80x24/dark"), goldenPath("TestGolden/token/80x24/light")}
	if !slices.Equal(removed, want) {
		t.Fatalf("removed %v, want %v", removed, want)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "direct.golden: no test compared it") {
		t.Fatalf("problems: %q", problems)
	}
	for _, gone := range []string{"testdata/TestGolden/gone", "testdata/TestGolden/token/80x24"} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", gone, err)
		}
	}
	for _, kept := range []string{goldenPath("TestGolden/token/80x24"), goldenPath("TestOther/direct")} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s: %v", kept, err)
		}
	}
}

func TestAuditWithoutTestdata(t *testing.T) {
	compareOnly(t)
	if removed, problems := audit("testdata", nil, time.Now(), true); len(removed)+len(problems) != 0 {
		t.Fatalf("removed %v, problems %v", removed, problems)
	}
}
