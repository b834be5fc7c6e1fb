package cli

import (
	"strings"
	"testing"
)

func TestUnknownCommandSuggestsTheClosest(t *testing.T) {
	t.Parallel()
	r := newCLI(t).run("tokn").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, `did you mean token?`) {
		t.Errorf("stderr %q: want a did-you-mean for token", r.stderr)
	}
}

func TestUnknownFlagSuggestsTheClosest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ flag, want string }{
		{"--clientkey", "--client-key"},
		{"--network", "--network-type"},
		{"--timeut", "--timeout"},
	} {
		r := newCLI(t).run("token", tc.flag, "x").want(t, exitBadArgs)
		if !strings.Contains(r.stderr, "did you mean") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: stderr %q, want a suggestion of %s", tc.flag, r.stderr, tc.want)
		}
	}
	r := newCLI(t).run("token", "--zzzzzzzz").want(t, exitBadArgs)
	if strings.Contains(r.stderr, "did you mean") {
		t.Errorf("no flag is close to --zzzzzzzz, got %q", r.stderr)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"timeout", "timeut", 1}, {"kitten", "sitting", 3}, {"wbe", "web", 1}, {"ca", "abc", 3}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCompletionOffersProfilesAndEnumValues(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, name := range []string{"staging", "prod"} {
		c.runStdin("s3cret", "profiles", "save", name, "--client-key", "k", "--client-secret-stdin",
			"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi").want(t, exitOK)
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "token", "-p", ""}, []string{"prod", "staging"}},
		{[]string{"__complete", "token", "-p", "st"}, []string{"staging"}},
		{[]string{"__complete", "--profile", ""}, []string{"prod", "staging"}},
		{[]string{"__complete", "profiles", "show", ""}, []string{"prod", "staging"}},
		{[]string{"__complete", "token", "--output", ""}, []string{"token", "json", "header", "env"}},
		{[]string{"__complete", "refresh", "--network-type", ""}, []string{"other", "wifi", "cellular", "ethernet"}},
	} {
		r := c.run(tc.args...).want(t, exitOK)
		var got []string
		for _, line := range strings.Split(r.stdout, "\n") {
			if line != "" && !strings.HasPrefix(line, ":") {
				got = append(got, strings.SplitN(line, "\t", 2)[0])
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%v: completions %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestMissingArgumentSaysItOnce(t *testing.T) {
	t.Parallel()
	r := newCLI(t).run("profiles", "show").want(t, exitBadArgs)
	if got := strings.Count(r.stderr, "profiles show"); got != 1 {
		t.Errorf("stderr %q names the command %d times, want once", r.stderr, got)
	}
	if !strings.Contains(r.stderr, "missing NAME") {
		t.Errorf("stderr %q does not say NAME is missing", r.stderr)
	}
}

func TestErrorsReachTheTerminalSanitisedAndShort(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 100_000)
	r := newCLI(t).run("profiles", "show", long).want(t, exitBadArgs)
	if len(r.stderr) > 1000 {
		t.Errorf("a 100 KB name is echoed: %d bytes of stderr", len(r.stderr))
	}
	r = newCLI(t).run("profiles", "show", "evil\x1b]52;c;aGk=\x07\u202e").want(t, exitBadArgs)
	if strings.ContainsAny(r.stderr, "\x1b\x07\u202e") {
		t.Errorf("stderr carries control characters: %q", r.stderr)
	}
}
