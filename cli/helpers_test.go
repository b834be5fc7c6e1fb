package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// Fixed request values, so tests need no detection or generation.
const (
	testDeviceID   = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
	testDeviceInfo = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a server
// goroutine and reads of the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliResult is what one in-process run of authdeck produced.
type cliResult struct {
	code   int
	stdout string
	stderr string
}

// cli runs authdeck in-process with its own environment. Environments are
// maps so a test never depends on the real process environment.
type cli struct {
	t   testing.TB
	env map[string]string
}

// newCLI returns a cli whose profile store is a fresh temporary directory
// with secrets in a file.
func newCLI(t testing.TB) *cli {
	t.Helper()
	return &cli{t: t, env: map[string]string{
		envConfigDir:   t.TempDir(),
		envSecretStore: "file",
	}}
}

// with returns a copy of c with more environment variables set.
func (c *cli) with(kv ...string) *cli {
	env := make(map[string]string, len(c.env)+len(kv)/2)
	for k, v := range c.env {
		env[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return &cli{t: c.t, env: env}
}

// run runs authdeck with args and no stdin.
func (c *cli) run(args ...string) cliResult {
	c.t.Helper()
	return c.runStdin("", args...)
}

// runStdin runs authdeck with args and stdin.
func (c *cli) runStdin(stdin string, args ...string) cliResult {
	c.t.Helper()
	var out, errOut syncBuffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, c.getenv)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

func (c *cli) getenv(k string) string { return c.env[k] }

// want fails the test unless r exited with code.
func (r cliResult) want(t testing.TB, code int) cliResult {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// demoServer starts a fake server with the demo client.
func demoServer(t testing.TB) *fakeserver.Running {
	t.Helper()
	return fakeservertest.New(t, fakeserver.Config{})
}

// tokenArgs are the flags of a complete, valid request to srv, the secret
// coming from the environment (see demoCLI).
func tokenArgs(srv *fakeserver.Running, extra ...string) []string {
	return append([]string{
		"--endpoint", srv.URL,
		"--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID,
		"--device-info", testDeviceInfo,
		"--network-type", "wifi",
	}, extra...)
}

// demoCLI is newCLI with the demo client's secret in the environment.
func demoCLI(t testing.TB) *cli {
	return newCLI(t).with(envClientSecret, fakeserver.DemoClientSecret)
}
