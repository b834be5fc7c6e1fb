package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// accountNames lists the accounts' names, comma-separated.
func accountNames(accounts []fakeserver.Account) string {
	names := make([]string, len(accounts))
	for i, acc := range accounts {
		names[i] = acc.Name
	}
	return strings.Join(names, ", ")
}

// fakeServerOptions are the flags of `authdeck fake-server`.
type fakeServerOptions struct {
	addr        string
	clients     []string
	clientsFile string // a file (or - for stdin) of KEY:SECRET lines
	ttl         time.Duration
	rateLimit   int
	strict      bool
	accounts    string // a JSON file of accounts for the activation page
	uidKey      string // the account secret (base64) uid signatures are made with
	latency     time.Duration
}

// newFakeServerCmd builds `authdeck fake-server`.
func newFakeServerCmd(a *app) *cobra.Command {
	var o fakeServerOptions
	cmd := &cobra.Command{
		Use:   "fake-server",
		Short: "Run a local identity server to test against",
		Long: "Run a faithful local identity server (both token endpoints) until interrupted.\n\n" +
			"The first line of stdout is `listening on http://HOST:PORT`; each request is logged on stderr\n" +
			"(method, path, status, duration; never a secret). Without --client it registers a demo client and\n" +
			"prints its key and secret. It also prints its demo uid account secret, which signs any uid for\n" +
			"signed-in requests (see authdeck sign).",
		Example: "  authdeck fake-server\n" +
			"  authdeck fake-server --addr 127.0.0.1:0 --client mykey:mysecret --ttl 5m --rate-limit 10",
		Args:        noArgs,
		Annotations: longRunning(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runFakeServer(cmd, &o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8765", "listen on this host:port (port 0 picks a free one)")
	fs.StringArrayVar(&o.clients, "client", nil, "register a client as KEY:SECRET (repeatable; shows in the process list: prefer --clients-file)")
	fs.StringVar(&o.clientsFile, "clients-file", "", "register the clients of a file of KEY:SECRET lines (- reads stdin)")
	fs.BoolVar(&o.strict, "strict", false, "also check what the real service may not: refresh tokens bound to their device id and single-use, uid signatures within 300 s")
	fs.DurationVar(&o.ttl, "ttl", fakeserver.DefaultTTL, "access-token lifetime")
	fs.IntVar(&o.rateLimit, "rate-limit", 0, "allow this many requests per client key per minute (0: no limit)")
	fs.StringVar(&o.accounts, "accounts", "", "offer the accounts of this JSON file on the activation page, besides the demo accounts")
	fs.StringVar(&o.uidKey, "uid-key", "", "the account secret (base64) uid signatures are made and checked with (default: the demo secret)")
	fs.DurationVar(&o.latency, "latency", 0, "wait this long before answering each request, like a distant server (for benchmarks)")
	return cmd
}

// config checks the flags and turns them into a server configuration;
// stdin is read for --clients-file -.
func (o *fakeServerOptions) config(stdin io.Reader) (fakeserver.Config, error) {
	cfg := fakeserver.Config{TTL: o.ttl, RateLimit: o.rateLimit, Strict: o.strict, Latency: o.latency}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return cfg, usageError(fmt.Errorf("--addr %q is not host:port, e.g. 127.0.0.1:8765", o.addr))
	}
	if o.ttl <= 0 {
		return cfg, usageError(fmt.Errorf("--ttl %s must be positive, e.g. 1h", o.ttl))
	}
	if o.latency < 0 {
		return cfg, usageError(fmt.Errorf("--latency %s must be 0 (none) or more, e.g. 20ms", o.latency))
	}
	if o.rateLimit < 0 {
		return cfg, usageError(fmt.Errorf("--rate-limit %d must be 0 (off) or more", o.rateLimit))
	}
	for _, c := range o.clients {
		key, secret, ok := strings.Cut(c, ":")
		if !ok || key == "" || secret == "" {
			return cfg, usageError(errors.New("--client must be KEY:SECRET with both parts non-empty"))
		}
		if cfg.Clients == nil {
			cfg.Clients = map[string]string{}
		}
		cfg.Clients[key] = secret
	}
	if o.uidKey != "" {
		key, err := tokenclient.DecodeAccountSecret(o.uidKey)
		if err != nil {
			return cfg, usageError(fmt.Errorf("--uid-key: %w", err))
		}
		cfg.UIDKey = key
	}
	if o.accounts != "" {
		accounts, err := readAccountsFile(o.accounts)
		if err != nil {
			return cfg, err
		}
		cfg.Accounts = accounts
	}
	if o.clientsFile != "" {
		clients, err := readClientsFile(o.clientsFile, stdin)
		if err != nil {
			return cfg, err
		}
		if cfg.Clients == nil {
			cfg.Clients = map[string]string{}
		}
		for k, v := range clients {
			if _, dup := cfg.Clients[k]; dup {
				return cfg, usageError(fmt.Errorf("client key %q is given by --client and --clients-file; keep one", k))
			}
			cfg.Clients[k] = v
		}
	}
	return cfg, nil
}

// readClientsFile reads --clients-file: KEY:SECRET lines from a file, or
// from stdin for "-".
func readClientsFile(path string, stdin io.Reader) (map[string]string, error) {
	r := stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, badInput(fmt.Errorf("--clients-file: %w", err))
		}
		defer f.Close()
		r, name = f, path
	}
	if r == nil {
		return nil, badInput(errors.New("--clients-file -: stdin is not available"))
	}
	clients, err := fakeserver.ParseClients(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, badInput(fmt.Errorf("--clients-file %s: %w", name, err))
	}
	return clients, nil
}

// readAccountsFile reads --accounts: a JSON list of accounts. A problem
// names the file, the entry and the field.
func readAccountsFile(path string) ([]fakeserver.Account, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput(fmt.Errorf("--accounts: %w", err))
	}
	defer f.Close()
	accounts, err := fakeserver.ParseAccounts(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, badInput(fmt.Errorf("--accounts %s: %w", path, err))
	}
	return accounts, nil
}

// runFakeServer serves until the command's context ends (SIGINT or SIGTERM).
func (a *app) runFakeServer(cmd *cobra.Command, o *fakeServerOptions) error {
	cfg, err := o.config(a.stdin)
	if err != nil {
		return err
	}
	cfg.Log = a.stderr
	srv, err := fakeserver.StartAt(o.addr, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()

	var b strings.Builder
	fmt.Fprintf(&b, "listening on %s\n", srv.URL)
	if len(cfg.Clients) == 0 {
		fmt.Fprintf(&b, "demo client key:    %s\n", fakeserver.DemoClientKey)
		fmt.Fprintf(&b, "demo client secret: %s\n", fakeserver.DemoClientSecret)
		fmt.Fprintf(&b, "try: %s=%s authdeck token --endpoint %s --client-key %s\n",
			envClientSecret, fakeserver.DemoClientSecret, srv.URL, fakeserver.DemoClientKey)
	} else {
		keys := make([]string, 0, len(cfg.Clients))
		for k := range cfg.Clients {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "clients: %s\n", strings.Join(keys, ", "))
	}
	fmt.Fprintf(&b, "activation page: %s%s (accounts: %s)\n", srv.URL, fakeserver.ActivatePath, accountNames(srv.Server.Accounts()))
	if o.uidKey == "" {
		// Without --uid-key the uid key is the demo one: print it so
		// signed-in requests (authdeck sign, the console's F6) can be
		// tried. It is a published demo value, not a secret of anyone's.
		fmt.Fprintf(&b, "demo uid account secret: %s (signs any uid)\n", fakeserver.DemoAccountSecret)
		fmt.Fprintf(&b, "try: echo %s | authdeck sign --uid USER --account-secret-stdin\n", fakeserver.DemoAccountSecret)
	}
	if _, err := fmt.Fprint(a.stdout, b.String()); err != nil {
		return err
	}
	if f, ok := a.stdout.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}

	<-cmd.Context().Done()
	a.warnf("fake server stopped")
	return nil
}
