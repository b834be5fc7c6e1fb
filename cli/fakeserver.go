package cli

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// fakeServerOptions are the flags of `authdeck fake-server`.
type fakeServerOptions struct {
	addr      string
	clients   []string
	ttl       time.Duration
	rateLimit int
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
			"prints its key and secret.",
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
	fs.StringArrayVar(&o.clients, "client", nil, "register a client as KEY:SECRET (repeatable; default the demo client)")
	fs.DurationVar(&o.ttl, "ttl", fakeserver.DefaultTTL, "access-token lifetime")
	fs.IntVar(&o.rateLimit, "rate-limit", 0, "allow this many requests per client key per minute (0: no limit)")
	return cmd
}

// config checks the flags and turns them into a server configuration.
func (o *fakeServerOptions) config() (fakeserver.Config, error) {
	cfg := fakeserver.Config{TTL: o.ttl, RateLimit: o.rateLimit}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return cfg, usageError(fmt.Errorf("--addr %q is not host:port, e.g. 127.0.0.1:8765", o.addr))
	}
	if o.ttl <= 0 {
		return cfg, usageError(fmt.Errorf("--ttl %s must be positive, e.g. 1h", o.ttl))
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
	return cfg, nil
}

// runFakeServer serves until the command's context ends (SIGINT or SIGTERM).
func (a *app) runFakeServer(cmd *cobra.Command, o *fakeServerOptions) error {
	cfg, err := o.config()
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
		keys := make([]string, 0, len(o.clients))
		for _, c := range o.clients {
			k, _, _ := strings.Cut(c, ":")
			keys = append(keys, k)
		}
		fmt.Fprintf(&b, "clients: %s\n", strings.Join(keys, ", "))
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
