package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestProfilesExportEscapesControlsAndImportsBack: a note carrying ESC, an
// OSC 52 clipboard write, C1 controls and a bidi override is exported with
// none of them raw (each a \u escape, as every output format is), and the
// export imports back to the same profile.
func TestProfilesExportEscapesControlsAndImportsBack(t *testing.T) {
	t.Parallel()
	const note = "red \x1b[31m clip \x1b]52;c;aGk=\x07 nel \u0085 csi \u009b2J rlo \u202e del \x7f end"
	srv := demoServer(t)
	src := newCLI(t)
	saveDemo(t, src, srv, "one", "--note", note)
	if got := showProfile(t, src, "one").Note; got != note {
		t.Fatalf("the note was saved as %q, want %q", got, note)
	}

	for _, args := range [][]string{{"profiles", "export"}, {"profiles", "export", "--with-secrets"}} {
		out := src.run(args...).want(t, exitOK).stdout
		checked := 0
		for i, r := range out {
			checked++
			if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r >= 0x7f && r <= 0x9f || r == '\u202e' || r == utf8.RuneError {
				t.Fatalf("%s writes %U raw at byte %d:\n%q", strings.Join(args, " "), r, i, out)
			}
		}
		if checked < len(note) {
			t.Fatalf("checked %d characters", checked)
		}
		for _, esc := range []string{`\u001b[31m`, `\u001b]52;c;aGk=\u0007`, `\u0085`, `\u009b2J`, `\u202e`, `\u007f`} {
			if !strings.Contains(out, esc) {
				t.Errorf("%s lacks the escape %s:\n%s", strings.Join(args, " "), esc, out)
			}
		}
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%s is not JSON: %v", strings.Join(args, " "), err)
		}

		// It imports back (from a file and from stdin) to the same profile.
		file := filepath.Join(t.TempDir(), "export.json")
		if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		fromFile, fromStdin := newCLI(t), newCLI(t)
		fromFile.run("profiles", "import", file).want(t, exitOK)
		fromStdin.runStdin(out, "profiles", "import", "-").want(t, exitOK)
		for _, dst := range []*cli{fromFile, fromStdin} {
			got, want := showProfile(t, dst, "one", "--reveal"), showProfile(t, src, "one", "--reveal")
			if got.Note != note || got.DeviceID != want.DeviceID {
				t.Errorf("imported note %q device %q, want %q %q", got.Note, got.DeviceID, note, want.DeviceID)
			}
			// Import stamps "updated"; everything else exports as it was.
			if again := dst.run(args...).want(t, exitOK).stdout; withoutUpdated(again) != withoutUpdated(out) {
				t.Errorf("the imported profiles export differently:\n%s\nwant\n%s", again, out)
			}
		}
	}
}

// withoutUpdated is an export without its "updated" lines.
func withoutUpdated(export string) string {
	var keep []string
	for _, l := range strings.Split(export, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), `"updated": `) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
