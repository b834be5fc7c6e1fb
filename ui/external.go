package ui

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/styles"
)

// Messages of the $PAGER / $EDITOR run.
type (
	// externalReadyMsg carries the temp file written for the pager or
	// editor (or the error writing it).
	externalReadyMsg struct {
		path   string
		argv   []string // the program that shows path, and its arguments
		what   string
		editor bool
		err    error
	}
	// externalDoneMsg reports that the pager or editor exited; the temp
	// file is already removed.
	externalDoneMsg struct {
		what   string
		editor bool
		err    error
	}
)

// defaultPager is used when $PAGER is unset: less, showing colours (-R);
// not -F, which would quit at once on a short text and show nothing.
var defaultPager = []string{"less", "-R"}

// defaultEditor is used when neither $VISUAL nor $EDITOR is set.
var defaultEditor = []string{"vi"}

// externalArgv is the program and arguments to open path with: $PAGER, or
// $VISUAL / $EDITOR for the editor, split on spaces (no shell runs), then
// the file. A pager that is not installed falls back to more.
func externalArgv(getenv func(string) string, editor bool, path string) []string {
	var argv []string
	if editor {
		for _, v := range []string{"VISUAL", "EDITOR"} {
			if argv = strings.Fields(getenv(v)); len(argv) > 0 {
				break
			}
		}
		if len(argv) == 0 {
			argv = defaultEditor
		}
	} else {
		argv = strings.Fields(getenv("PAGER"))
		if len(argv) == 0 {
			argv = defaultPager
			if _, err := exec.LookPath(argv[0]); err != nil {
				argv = []string{"more"}
			}
		}
	}
	return append(append([]string{}, argv...), path)
}

// openExternal writes the raw response (when shown) or the decoded claims
// to a private temp file and opens it in $PAGER, or $EDITOR with editor.
func (m *Model) openExternal(editor bool) (tea.Model, tea.Cmd) {
	text, what, ok := m.result.Export()
	if !ok {
		return m.sendFirst("nothing to open yet")
	}
	return m, writeTempCmd(m.tempDir, text, what, editor, m.deps.Getenv)
}

// writeTempCmd writes text to a new temp file in dir ("" = the system's
// temp directory) readable by the user only, and finds the program to show
// it with (a PATH search: not in Update).
func writeTempCmd(dir, text, what string, editor bool, getenv func(string) string) tea.Cmd {
	return func() tea.Msg {
		f, err := os.CreateTemp(dir, "authdeck-*.txt") // created 0600
		if err != nil {
			return externalReadyMsg{what: what, editor: editor, err: err}
		}
		_, werr := f.WriteString(text)
		cerr := f.Close()
		if err := errors.Join(werr, cerr, os.Chmod(f.Name(), 0o600)); err != nil {
			_ = os.Remove(f.Name())
			return externalReadyMsg{what: what, editor: editor, err: err}
		}
		return externalReadyMsg{path: f.Name(), argv: externalArgv(getenv, editor, f.Name()), what: what, editor: editor}
	}
}

// handleExternalReady hands the terminal to the pager or editor; the
// temp file is removed when it exits.
func (m *Model) handleExternalReady(msg externalReadyMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m.setStatus(true, "could not write a temp file for the "+externalWord(msg.editor)+": "+msg.err.Error())
	}
	return m, tea.ExecProcess(m.externalCommand(msg), externalDone(msg))
}

// externalDone is what runs when the pager or editor exits: the temp file
// goes, and the console hears how it went.
func externalDone(msg externalReadyMsg) tea.ExecCallback {
	return func(err error) tea.Msg {
		_ = os.Remove(msg.path)
		return externalDoneMsg{what: msg.what, editor: msg.editor, err: err}
	}
}

// externalCommand is the process that shows msg's file. When the console
// is told to stop (Run's context is done: SIGTERM, SIGHUP) while it runs,
// it gets SIGTERM, then a kill if it is still there after
// externalStopGrace, so the console can remove the file and exit.
func (m *Model) externalCommand(msg externalReadyMsg) *exec.Cmd {
	cmd := exec.CommandContext(m.runCtx, msg.argv[0], msg.argv[1:]...) //nolint:gosec // the user's own $PAGER / $EDITOR
	cmd.Cancel = func() error { return stopProcess(cmd.Process) }
	cmd.WaitDelay = externalStopGrace
	return cmd
}

// handleExternalDone reports how the pager or editor ended.
func (m *Model) handleExternalDone(msg externalDoneMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m.setStatus(true, "the "+externalWord(msg.editor)+" failed: "+msg.err.Error()+
			" (set $"+map[bool]string{false: "PAGER", true: "EDITOR"}[msg.editor]+")")
	}
	note := ""
	if msg.editor {
		note = " (edits are not read back; the temp file is removed)"
	}
	return m.setStatus(false, styles.SymbolOK+" closed the "+msg.what+note)
}

// externalWord names the program kind.
func externalWord(editor bool) string {
	if editor {
		return "editor"
	}
	return "pager"
}
