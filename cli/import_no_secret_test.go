package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestImportWithoutSecretsWarnsAndListSaysNoSecret: importing an export
// made without --with-secrets says how many profiles have no client
// secret, and after a check (which sends nothing for them) profiles list
// says "no secret" for them, not "✗ failed".
func TestImportWithoutSecretsWarnsAndListSaysNoSecret(t *testing.T) {
	srv := demoServer(t)
	from := demoCLI(t)
	for _, name := range []string{"a", "b"} {
		from.runStdin(fakeserver.DemoClientSecret, "profiles", "save", name, "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey,
			"--client-secret-stdin", "--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	}
	export := from.run("profiles", "export").want(t, exitOK).stdout
	file := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(file, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	to := newCLI(t)
	r := to.run("profiles", "import", file).want(t, exitOK)
	if !strings.Contains(r.stderr, "2 of the 2 imported profile(s) have no client secret") {
		t.Errorf("import stderr:\n%s", r.stderr)
	}
	to.run("check", "--all").want(t, exitFailed)
	list := to.run("profiles", "list").want(t, exitOK).stdout
	if strings.Contains(list, "failed") || strings.Count(list, "no secret") != 2 {
		t.Errorf("list:\n%s", list)
	}
	// With the secrets: no warning.
	export = from.run("profiles", "export", "--with-secrets").want(t, exitOK).stdout
	if err := os.WriteFile(file, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := newCLI(t).run("profiles", "import", file).want(t, exitOK); strings.Contains(r.stderr, "no client secret") {
		t.Errorf("import with secrets warned:\n%s", r.stderr)
	}
}
