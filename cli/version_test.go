package cli

import (
	"runtime"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	c := newCLI(t)
	out := c.run("version").want(t, exitOK).stdout
	if !strings.HasPrefix(out, "authdeck ") || !strings.Contains(out, runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("version printed %q", out)
	}
	if flag := c.run("--version").want(t, exitOK).stdout; !strings.Contains(flag, versionNumber()) {
		t.Errorf("--version printed %q", flag)
	}
}

func TestConsoleRefusesWithoutTerminal(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{nil, {"--demo"}, {"-p", "staging"}} {
		r := c.run(args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "authdeck token") {
			t.Errorf("%v: the refusal does not point to `authdeck token`:\n%s", args, r.stderr)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	out := newCLI(t).run("--help").want(t, exitOK).stdout
	for _, cmd := range []string{"token", "refresh", "device", "fake-server", "profiles", "version"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("help does not list %s:\n%s", cmd, out)
		}
	}
}
