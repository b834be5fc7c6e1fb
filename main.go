// Command authdeck tests device-auth credentials against the identity API:
// an interactive console (no subcommand) and scriptable commands to issue and
// refresh tokens, inspect device info, run a local identity server and manage
// saved client profiles. The commands live in package cli; main only ties the
// process (signals, arguments, standard streams, exit code) to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/authdeck/authdeck/cli"
)

func main() {
	// SIGHUP too: a closed terminal must not end the process before it
	// removes what it wrote (the console's pager files, --demo's store).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// The first signal cancels ctx (a request in flight stops, the fake
	// server shuts down, the console and its pager close); stop then
	// restores the default handling, so a second signal ends the process at
	// once even if something hangs.
	go func() { <-ctx.Done(); stop() }()
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
