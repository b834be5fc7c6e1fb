package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// app is what every command needs from the outside world. main fills it from
// the process; tests fill it with buffers and a fake environment, so commands
// never touch os.Stdin, os.Stdout, os.Stderr or os.Getenv directly.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	env    environment // read once from the process environment
	now    func() time.Time
	// stores are the stores the command opened; Run closes them when the
	// command ends, so one that wrote state.db leaves no WAL behind.
	stores []*store.Store
}

// warnf writes one line to stderr, prefixed so it reads as authdeck's own note.
func (a *app) warnf(format string, args ...any) {
	fmt.Fprintf(a.stderr, "authdeck: "+format+"\n", args...)
}

// Run executes authdeck with args (without the program name) and returns the
// process exit code. It is main without the process: tests call it with
// buffers and a fake environment. Cancelling ctx (SIGINT, SIGTERM in main)
// interrupts a request in flight or stops the fake server.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: readEnvironment(getenv), now: time.Now}
	defer a.closeStores()
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(versionString()),
		fang.WithErrorHandler(func(w io.Writer, styles fang.Styles, err error) {
			errorHandler(stderr)(w, styles, a.withProfileSuggestion(err))
		}),
	)
	return exitCode(err)
}

// closeStores closes the stores the command opened (checkpointing and
// removing state.db's WAL when the command wrote to it).
func (a *app) closeStores() {
	for _, st := range a.stores {
		_ = st.Close() // a checkpoint left undone is taken by the next write
	}
	a.stores = nil
}

// errorHandler prints a failed command's error: styled by fang when stderr
// is a terminal, as one plain "authdeck: ..." line otherwise, so scripts and
// tests see a stable text.
func errorHandler(stderr io.Writer) fang.ErrorHandler {
	return func(w io.Writer, styles fang.Styles, err error) {
		if errors.Is(err, errReported) {
			return // the command already said what failed
		}
		// An error can quote a file or a server (a profile name, a body
		// excerpt): it reaches the terminal sanitised.
		text := sanitize.Text(err.Error())
		if f, ok := stderr.(term.File); ok && term.IsTerminal(f.Fd()) {
			fang.DefaultErrorHandler(w, styles, errors.New(text))
			return
		}
		fmt.Fprintf(stderr, "authdeck: %s\n", text)
		if isUsage(err) {
			fmt.Fprintln(stderr, "Try --help for usage.")
		}
	}
}
