package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui"
)

// consoleOptions are the root command's flags, which configure the console.
type consoleOptions struct {
	demo    bool   // run an in-process fake server and point the console at it
	profile string // open on this saved profile
	// autoRefreshBefore is how long before expiry the console's
	// auto-refresh renews the shown token.
	autoRefreshBefore time.Duration
}

// demoProfile is the profile `authdeck --demo` saves and opens.
const demoProfile = "demo"

// errNoTerminal is returned when the console is started without a terminal.
var errNoTerminal = errors.New("the console needs a terminal on stdin and stdout; " +
	"in scripts and pipes use `authdeck token` (see `authdeck token --help`)")

// runConsole starts the interactive console. It refuses to start without a
// terminal on both stdin and stdout, before touching anything else (after
// checking its flags).
func runConsole(cmd *cobra.Command, a *app, opts consoleOptions) error {
	if opts.autoRefreshBefore <= 0 {
		return usageError(fmt.Errorf("--auto-refresh-before %s must be positive, e.g. 60s or 5m", opts.autoRefreshBefore))
	}
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return badInput(errNoTerminal)
	}
	// Store notices (a keyring fallback, loosened file modes) would tear the
	// full-screen view; they are printed once the console has closed.
	var notices bytes.Buffer
	deps, cleanup, err := a.consoleDeps(opts, &notices)
	if err != nil {
		return err
	}
	defer cleanup()
	err = ui.Run(cmd.Context(), deps, tea.WithInput(a.stdin), tea.WithOutput(a.stdout))
	if notices.Len() > 0 {
		_, _ = a.stderr.Write(notices.Bytes())
	}
	return err
}

// consoleDeps builds the console's dependencies: the profile store (a
// throw-away one for --demo unless $AUTHDECK_CONFIG_DIR is set), the token
// client and, for --demo, an in-process fake server. cleanup stops and
// removes what was started.
func (a *app) consoleDeps(opts consoleOptions, notices *bytes.Buffer) (deps ui.Deps, cleanup func(), err error) {
	var undo []func()
	cleanup = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	if opts.demo && opts.profile != "" {
		return deps, cleanup, usageError(errors.New("--demo and --profile cannot be combined: the demo opens its own profile"))
	}
	if opts.profile != "" {
		if err := checkProfileName(opts.profile); err != nil {
			return deps, cleanup, err
		}
	}

	sopts, err := a.env.storeOptions(notices)
	if err != nil {
		return deps, cleanup, err
	}
	if opts.demo && sopts.Dir == "" {
		dir, err := os.MkdirTemp("", "authdeck-demo-")
		if err != nil {
			return deps, cleanup, fmt.Errorf("demo: creating a throw-away config directory: %w", err)
		}
		undo = append(undo, func() { _ = os.RemoveAll(dir) })
		sopts.Dir, sopts.SecretStore = dir, store.SecretFile
	}
	st, err := store.Open(sopts)
	if err != nil {
		return deps, cleanup, storeError(err)
	}
	undo = append(undo, func() { _ = st.Close() }) // checkpoints state.db's WAL on exit
	if opts.profile != "" {
		if _, err := st.Get(opts.profile); err != nil {
			return deps, cleanup, storeError(err)
		}
	}

	deps = ui.Deps{
		NewClient: func(baseURL string, timeout time.Duration) ui.Sender { return a.newClient(baseURL, timeout, false) },
		Now:       a.now,
		Store:     tokens.New(st),
		Profile:   opts.profile,

		AutoRefreshBefore: opts.autoRefreshBefore,
		Getenv:            func(k string) string { return a.env.console[k] },
		NoColor:           a.env.noColor(),
	}
	if opts.demo {
		srv, err := fakeserver.Start(fakeserver.Config{})
		if err != nil {
			return deps, cleanup, fmt.Errorf("demo: %w", err)
		}
		undo = append(undo, srv.Close)
		deps.Demo = &ui.DemoInfo{ServerURL: srv.URL, AccountSecret: fakeserver.DemoAccountSecret,
			Approve: func(_ context.Context, code, account string) error { return srv.Server.Approve(code, account) }}
		for _, acc := range srv.Server.Accounts() {
			deps.Demo.Accounts = append(deps.Demo.Accounts, acc.Name)
		}
		// The console saves this as the demo profile (a fresh device id
		// and detected device info on creation) after its first frame.
		deps.Initial = store.Profile{Name: demoProfile, Endpoint: srv.URL, ClientKey: fakeserver.DemoClientKey}
		deps.InitialSecrets = store.Secrets{ClientSecret: fakeserver.DemoClientSecret}
	}
	return deps, cleanup, nil
}

// noColor reports whether NO_COLOR is set and not empty (no-color.org).
func (e environment) noColor() bool {
	return slices.ContainsFunc(e.terminal, func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
}

// isTerminal reports whether v is a file attached to a terminal.
func isTerminal(v any) bool {
	f, ok := v.(term.File)
	return ok && term.IsTerminal(f.Fd())
}
