package cli

import (
	"fmt"
	"strings"
	"testing"
)

// TestMistypedSubcommandsExit2WithSuggestion: a group command given an
// unknown subcommand says so with the nearest names and exits 2, instead
// of printing its help and exiting 0; given none it still prints its help.
func TestMistypedSubcommandsExit2WithSuggestion(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"claims", "dif", "a", "b"}, `unknown command "dif" for "authdeck claims"; did you mean diff?`},
		{[]string{"completion", "bsh"}, `unknown command "bsh" for "authdeck completion"; did you mean bash`},
		{[]string{"chek", "--all"}, `unknown command "chek" for "authdeck"; did you mean check?`},
		{[]string{"profiles", "lst", "-o", "json"}, `unknown command "lst" for "authdeck profiles"; did you mean list?`},
	} {
		r := c.run(tc.args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: stdout %q stderr %q, want %q", tc.args, r.stdout, r.stderr, tc.want)
		}
	}
	for _, group := range []string{"claims", "completion", "profiles"} {
		if r := c.run(group).want(t, exitOK); !strings.Contains(r.stdout+r.stderr, "USAGE") && !strings.Contains(r.stdout+r.stderr, "Usage") {
			t.Errorf("%s alone: want its help, got %q", group, r.stdout)
		}
	}
	if r := c.run("completion", "bash").want(t, exitOK); !strings.Contains(r.stdout, "bash completion") {
		t.Errorf("completion bash: %q", r.stdout[:min(len(r.stdout), 200)])
	}
}

// TestMistypedProfileNameSuggestsTheNearest: every command that looks a
// profile up names the nearest saved ones when the name is not saved.
func TestMistypedProfileNameSuggestsTheNearest(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, name := range []string{"staging", "prod", "android-tv", "unrelated"} {
		c.runStdin("s3cret", "profiles", "save", name, "--client-key", "k", "--client-secret-stdin",
			"--endpoint", "http://127.0.0.1:9").want(t, exitOK)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"profiles", "show", "stagin"}, "did you mean staging?"},
		{[]string{"token", "-p", "prd"}, "did you mean prod?"},
		{[]string{"history", "Staging"}, "did you mean staging?"},
		{[]string{"check", "android_tv"}, "did you mean android-tv?"},
		{[]string{"profiles", "rm", "androidtv"}, "did you mean android-tv?"},
		{[]string{"claims", "diff", "stagng", "prod"}, "did you mean staging?"},
	} {
		r := c.run(tc.args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr %q, want %q", tc.args, r.stderr, tc.want)
		}
	}
	if r := c.run("profiles", "show", "zzzzzz").want(t, exitBadArgs); strings.Contains(r.stderr, "did you mean") {
		t.Errorf("nothing is near zzzzzz, got %q", r.stderr)
	}
}

func TestNearestNames(t *testing.T) {
	t.Parallel()
	names := []string{"staging", "stage", "prod", "prod-eu", "android-tv", "web"}
	for _, tc := range []struct{ typed, want string }{
		{"stagin", "[staging stage]"},
		{"PROD", "[prod prod-eu]"},
		{"android_tv", "[android-tv]"},
		{"wbe", "[web]"},
		{"xyz", "[]"},
		{"stgaing", "[staging]"},
	} {
		if got := fmt.Sprint(nearestNames(tc.typed, names)); got != tc.want {
			t.Errorf("nearestNames(%q) = %s, want %s", tc.typed, got, tc.want)
		}
	}
}
