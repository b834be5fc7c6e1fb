package cli

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestSuggestedCommandsExist finds every `authdeck …` command quoted in
// the Go sources of the CLI and the packages whose messages it prints, and
// checks that it names a real command (cobra Find, no unknown subcommand
// left over) and that its flags parse. Placeholders (NAME, %s, [...],
// args...) are taken as arguments.
func TestSuggestedCommandsExist(t *testing.T) {
	quoted := regexp.MustCompile("`authdeck[^`]*`")
	var files []string
	for _, dir := range []string{".", "../tokens", "../store", "../tokenclient"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range quoted.FindAllString(string(src), -1) {
			checked++
			if problem := suggestedCommandProblem(strings.Trim(q, "`")); problem != "" {
				t.Errorf("%s: %s: %s", f, q, problem)
			}
		}
	}
	if checked < 40 {
		t.Errorf("checked %d quoted commands, want the 40 or more the sources hold", checked)
	}
	// The check itself catches a command that does not exist.
	for _, bad := range []string{"authdeck profiles add", "authdeck tokens -p x", "authdeck check --everything"} {
		if suggestedCommandProblem(bad) == "" {
			t.Errorf("%q passed the check", bad)
		}
	}
}

// suggestedCommandProblem says what is wrong with a quoted command line,
// or "" when it runs as far as cobra can tell.
func suggestedCommandProblem(line string) string {
	if i := strings.IndexAny(line, "|>"); i >= 0 {
		line = line[:i]
	}
	line = strings.ReplaceAll(line, "[the token flags]", "")
	line = strings.NewReplacer("[", "", "]", "", "%s", "x", "%d", "1", "%q", "x").Replace(line)
	var words []string
	for _, w := range strings.Fields(line)[1:] {
		if w == "..." || w == "…" || strings.HasSuffix(w, "...") {
			continue
		}
		words = append(words, w)
	}
	root := newRootCmd(&app{})
	cmd, rest, err := root.Find(words)
	if err != nil {
		return err.Error()
	}
	// A lower-case word after a command with subcommands is a subcommand
	// that does not exist (history [NAME] takes a placeholder).
	if cmd.HasSubCommands() && len(rest) > 0 && rest[0] == strings.ToLower(rest[0]) && !strings.HasPrefix(rest[0], "-") {
		return "no command " + cmd.CommandPath() + " " + rest[0]
	}
	if err := cmd.ParseFlags(rest); err != nil && !errors.Is(err, pflag.ErrHelp) {
		return err.Error()
	}
	return ""
}

// check --all on an empty store names the command that adds a profile.
func TestCheckAllOnEmptyStoreNamesProfilesSave(t *testing.T) {
	r := newCLI(t).run("check", "--all").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "`authdeck profiles save NAME") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
