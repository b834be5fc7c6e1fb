package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeProgram writes a shell script that copies the file it is given to
// out and its permission bits to out+".mode": a stand-in $PAGER/$EDITOR.
func fakeProgram(t *testing.T) (prog, out string) {
	t.Helper()
	dir := t.TempDir()
	prog, out = filepath.Join(dir, "fakepager"), filepath.Join(dir, "seen")
	script := "#!/bin/sh\nstat -c %a \"$1\" > '" + out + ".mode'\ncat \"$1\" > '" + out + "'\n"
	if err := os.WriteFile(prog, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return prog, out
}

// runExternal presses k and plays the pager run the way the program
// would: write the temp file, run the command, call back.
func runExternal(t *testing.T, m *Model, k rune) (*Model, externalReadyMsg) {
	t.Helper()
	m, cmd := updateCmd(m, keyRune(k))
	if cmd == nil {
		t.Fatalf("%c opened nothing: %q", k, m.status)
	}
	ready, ok := cmd().(externalReadyMsg)
	if !ok || ready.err != nil {
		t.Fatalf("temp file not written: %+v", ready)
	}
	if fi, err := os.Stat(ready.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("temp file %s: %v, mode %v", ready.path, err, fi.Mode())
	}
	if _, exec := updateCmd(m, ready); exec == nil {
		t.Fatal("no ExecProcess for the pager")
	}
	runErr := m.externalCommand(ready).Run()
	m = update(m, externalDone(ready)(runErr))
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Fatalf("temp file left behind: %v", err)
	}
	return m, ready
}

// TestPagerAndEditorOpenTheClaimsOrTheRawResponse: p opens the decoded claims in $PAGER, r then p the raw
// response with the refresh token masked, e opens $EDITOR; the temp file
// is 0600 and removed afterwards.
func TestPagerAndEditorOpenTheClaimsOrTheRawResponse(t *testing.T) {
	t.Parallel()
	prog, out := fakeProgram(t)
	d := testDeps(&recorder{respond: respondOK})
	env := map[string]string{"PAGER": prog, "EDITOR": prog + " --"}
	d.Getenv = func(k string) string { return env[k] }
	m := newTestModel(t, d, 120, 40, true)
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil {
		t.Fatal("no token")
	}
	m, _ = runExternal(t, m, 'p')
	seen, _ := os.ReadFile(out)
	mode, _ := os.ReadFile(out + ".mode")
	if !strings.Contains(string(seen), "JWT claims") || !strings.Contains(string(seen), "exp (expires)") {
		t.Fatalf("pager did not get the claims:\n%s", seen)
	}
	if strings.TrimSpace(string(mode)) != "600" {
		t.Fatalf("pager saw mode %q", mode)
	}
	if !strings.Contains(m.status, "closed the decoded claims") {
		t.Fatalf("status %q", m.status)
	}

	m = update(m, keyRune('r'))
	m, _ = runExternal(t, m, 'p')
	seen, _ = os.ReadFile(out)
	if !strings.Contains(string(seen), "refreshToken") || strings.Contains(string(seen), testRefresh) {
		t.Fatalf("raw response not shown, or its refresh token not masked:\n%s", seen)
	}

	_ = os.Remove(out)
	m, _ = runExternal(t, m, 'e')
	if _, err := os.Stat(out); err != nil || !strings.Contains(m.status, "edits are not read back") {
		t.Fatalf("editor did not run: %v %q", err, m.status)
	}
}

func TestExternalArgvDefaults(t *testing.T) {
	t.Parallel()
	none := func(string) string { return "" }
	if got := externalArgv(none, false, "/f"); got[len(got)-1] != "/f" || (got[0] != "less" && got[0] != "more") {
		t.Fatalf("default pager %q", got)
	}
	if got := externalArgv(func(k string) string { return map[string]string{"EDITOR": "nano -w"}[k] }, true, "/f"); strings.Join(got, " ") != "nano -w /f" {
		t.Fatalf("editor argv %q", got)
	}
	if got := externalArgv(func(k string) string { return map[string]string{"VISUAL": "code --wait", "EDITOR": "nano"}[k] }, true, "/f"); got[0] != "code" {
		t.Fatalf("VISUAL not preferred: %q", got)
	}
}
