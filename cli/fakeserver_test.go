package cli

import (
	"bufio"
	"context"
	"io"
	"os"
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
	if !strings.Contains(rest, "demo uid account secret: "+fakeserver.DemoAccountSecret) {
		t.Errorf("the demo uid account secret is not printed, so sign cannot be tried:\n%s", rest)
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
		{"--latency", "-1ms"},
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

func TestFakeServerClientsFileAndStrict(t *testing.T) {
	t.Parallel()
	file := t.TempDir() + "/clients"
	if err := writeFile(file, "# test clients\nfile-key:file-s3cret:with-colon\n\nother:x\n"); err != nil {
		t.Fatal(err)
	}
	url, _, stderr, stop := startFakeServerCmd(t, "--addr", "127.0.0.1:0", "--clients-file", file, "--strict")
	c := newCLI(t).with(envClientSecret, "file-s3cret:with-colon")
	args := []string{"--endpoint", url, "--client-key", "file-key", "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "other"}
	first := tokenBody(t, c.run(append([]string{"token", "-o", "json"}, args...)...).want(t, exitOK).stdout)
	c.run(append([]string{"refresh", "--refresh-token", first.RefreshToken}, args...)...).want(t, exitOK)
	// --strict: a spent refresh token is refused.
	c.run(append([]string{"refresh", "--refresh-token", first.RefreshToken}, args...)...).want(t, exitFailed)
	code, rest := stop()
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(rest, "clients: file-key, other") || strings.Contains(rest+stderr.String(), "file-s3cret") {
		t.Errorf("the client list is wrong or shows a secret:\n%s\n%s", rest, stderr.String())
	}
}

func TestFakeServerClientsFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct{ content, want string }{
		{"", "at least one KEY:SECRET line"},
		{"just-a-key\n", "line 1"},
	} {
		file := dir + "/c"
		if err := writeFile(file, tc.content); err != nil {
			t.Fatal(err)
		}
		r := newCLI(t).run("fake-server", "--addr", "127.0.0.1:0", "--clients-file", file).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: stderr %q lacks %q", tc.content, r.stderr, tc.want)
		}
	}
	newCLI(t).run("fake-server", "--addr", "127.0.0.1:0", "--clients-file", dir+"/missing").want(t, exitBadArgs)
	r := newCLI(t).run("fake-server", "--addr", "127.0.0.1:0", "--client", "k:a", "--clients-file", writeTemp(t, "k:b\n")).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, `"k"`) {
		t.Errorf("a key given twice: %q", r.stderr)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := t.TempDir() + "/f"
	if err := writeFile(p, content); err != nil {
		t.Fatal(err)
	}
	return p
}

// --latency reaches the server's configuration (the server's own test
// covers the delay).
func TestFakeServerLatencyFlag(t *testing.T) {
	cmd := newFakeServerCmd(&app{})
	if err := cmd.ParseFlags([]string{"--latency", "20ms"}); err != nil {
		t.Fatal(err)
	}
	o, err := cmd.Flags().GetDuration("latency")
	if err != nil || o != 20*time.Millisecond {
		t.Fatalf("--latency parsed as %v (%v)", o, err)
	}
	cfg, err := (&fakeServerOptions{addr: "127.0.0.1:0", ttl: time.Hour, latency: 20 * time.Millisecond}).config(nil)
	if err != nil || cfg.Latency != 20*time.Millisecond {
		t.Errorf("config: latency %v (%v)", cfg.Latency, err)
	}
}
