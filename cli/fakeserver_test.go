package cli

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// startFakeServerCmd runs `authdeck fake-server args...` in a goroutine and
// returns its URL, its stderr and a stop function that returns the exit code
// and the rest of stdout.
func startFakeServerCmd(t *testing.T, args ...string) (url string, firstLines []string, stderr *syncBuffer, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr = &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"fake-server"}, args...), strings.NewReader(""), pw, stderr, func(string) string { return "" })
		pw.Close()
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var first string
	select {
	case first = <-lines:
	case code := <-done:
		cancel()
		t.Fatalf("fake-server exited with %d before listening; stderr:\n%s", code, stderr.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("fake-server printed nothing within 10s")
	}
	url, ok := strings.CutPrefix(first, "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		cancel()
		t.Fatalf("first stdout line is %q, want listening on http://127.0.0.1:PORT", first)
	}
	firstLines = []string{first}
	stop = func() (int, string) {
		cancel()
		var rest []string
		for l := range lines {
			rest = append(rest, l)
		}
		return <-done, strings.Join(rest, "\n")
	}
	return url, firstLines, stderr, stop
}

func TestFakeServerCommandDemoClient(t *testing.T) {
	url, _, stderr, stop := startFakeServerCmd(t, "--addr", "127.0.0.1:0")
	c := demoCLI(t)
	c.run("token", "--endpoint", url, "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other").want(t, exitOK)
	code, rest := stop()
	if code != exitOK {
		t.Fatalf("fake-server exited %d after being stopped; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(rest, fakeserver.DemoClientKey) || !strings.Contains(rest, fakeserver.DemoClientSecret) {
		t.Errorf("without --client, the demo key and secret are not printed:\n%s", rest)
	}
	log := stderr.String()
	if !strings.Contains(log, "POST") || !strings.Contains(log, "/identity/v3/token") || !strings.Contains(log, "200") {
		t.Errorf("no request line on stderr:\n%s", log)
	}
	if strings.Contains(log, fakeserver.DemoClientSecret) {
		t.Errorf("the request log shows the secret:\n%s", log)
	}
}

func TestFakeServerCommandClients(t *testing.T) {
	url, _, stderr, stop := startFakeServerCmd(t, "--addr", "127.0.0.1:0", "--client", "k1:s1", "--client", "k2:s2", "--ttl", "5m")
	c := newCLI(t)
	args := []string{"token", "--endpoint", url, "--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other", "-o", "json"}
	body := tokenBody(t, c.with(envClientSecret, "s2").run(append(args, "--client-key", "k2")...).want(t, exitOK).stdout)
	if left := time.Until(time.Unix(body.ExpiresIn, 0)); left > 5*time.Minute+5*time.Second || left < 4*time.Minute {
		t.Errorf("--ttl 5m gave a token expiring in %s", left)
	}
	c.with(envClientSecret, "s1").run(append(args, "--client-key", fakeserver.DemoClientKey)...).want(t, exitFailed)
	code, rest := stop()
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if strings.Contains(rest, fakeserver.DemoClientSecret) || strings.Contains(rest, "s1") || strings.Contains(rest, "s2") {
		t.Errorf("with --client, stdout shows a secret:\n%s", rest)
	}
}

func TestFakeServerCommandBadFlags(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"--client", "nocolon"},
		{"--client", ":secret"},
		{"--ttl", "-1s"},
		{"--rate-limit", "-2"},
		{"--addr", "nonsense"},
	} {
		r := c.run(append([]string{"fake-server"}, args...)...)
		if r.code != exitBadArgs {
			t.Errorf("fake-server %v: exit %d, want 2; stderr:\n%s", args, r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("fake-server %v printed %q; it must not start", args, r.stdout)
		}
	}
}
