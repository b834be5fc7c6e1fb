package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// runScript runs a shell script (a README recipe, a help example) with a
// POSIX shell interpreter in which every `authdeck` command runs this
// package's Run in-process with the script's environment. It returns the
// what the script wrote and its error (nil when it exited 0).
func runScript(t *testing.T, script, stdin string, env ...string) (stdout, stderr string, err error) {
	t.Helper()
	f, err := syntax.NewParser().Parse(strings.NewReader(script), "recipe")
	if err != nil {
		t.Fatalf("the recipe does not parse as shell: %v\n%s", err, script)
	}
	exec := func(next interp.ExecHandlerFunc) interp.ExecHandlerFunc {
		return func(ctx context.Context, args []string) error {
			if args[0] != "authdeck" {
				t.Fatalf("the recipe runs %s; only authdeck and shell builtins run here", args[0])
			}
			hc := interp.HandlerCtx(ctx)
			getenv := func(k string) string { return hc.Env.Get(k).String() }
			if code := Run(ctx, args[1:], hc.Stdin, hc.Stdout, hc.Stderr, getenv); code != 0 {
				return interp.ExitStatus(uint8(code))
			}
			return nil
		}
	}
	var out, errOut strings.Builder
	r, err := interp.New(interp.Env(expand.ListEnviron(env...)), interp.StdIO(strings.NewReader(stdin), &out, &errOut),
		interp.ExecHandlers(exec), interp.Params("-e"))
	if err != nil {
		t.Fatal(err)
	}
	err = r.Run(context.Background(), f)
	return out.String(), errOut.String(), err
}

// readmeLines is the README text from the line starting with from up to
// (not including) the line starting with to.
func readmeLines(t *testing.T, from, to string) string {
	t.Helper()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	i := strings.Index(text, "\n"+from)
	if i < 0 {
		t.Fatalf("README has no line starting %q", from)
	}
	j := strings.Index(text[i+1:], "\n"+to)
	if j < 0 {
		t.Fatalf("README has no line starting %q after %q", to, from)
	}
	return text[i+1 : i+1+j+1]
}

// TestReadmeSignedInRecipeRuns runs the README's signed-in web client
// recipe as written: the profile is saved (secret from stdin, endpoint from
// $AUTHDECK_ENDPOINT), sign exports the signature and its timestamp, and
// token -p takes the signature from $AUTHDECK_UID_SIGNATURE. The strict
// fake server checks the signature.
func TestReadmeSignedInRecipeRuns(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true, Clients: map[string]string{"KEY": "recipe-secret"}})
	script := readmeLines(t, "# the NFL.com web client", "# an Android client")
	stdout, stderr, err := runScript(t, script, "recipe-secret\n",
		envConfigDir+"="+t.TempDir(), envSecretStore+"=file", envEndpoint+"="+rec.URL,
		"ACCOUNT_SECRET="+fakeserver.DemoAccountSecret, "USER_UID=9c2b2e1f0a7d4e5b")
	if err != nil {
		t.Fatalf("the recipe failed: %v\nscript:\n%s\nstdout:\n%s\nstderr:\n%s", err, script, stdout, stderr)
	}
	body := rec.Last(t).Body
	for _, want := range []string{`"uid":"9c2b2e1f0a7d4e5b"`, `"uidSignature":"`, `"signatureTimestamp":"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the token request lacks %s: %s", want, body)
		}
	}
	if strings.Contains(stderr, "recipe-secret") {
		t.Errorf("stderr shows the client secret:\n%s", stderr)
	}
	// The fake server knows no account of this uid: the token is still
	// signed in, with the free plan.
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	tok := lines[len(lines)-1] // token prints the access token last
	explained, stderr, err := runScript(t, "authdeck claims explain -", tok+"\n", envConfigDir+"="+t.TempDir(), envSecretStore+"=file")
	if err != nil {
		t.Fatalf("claims explain of the recipe's token: %v\nstderr:\n%s", err, stderr)
	}
	for _, want := range []string{"Signed in     yes (uid 9c2b2e1f0a7d4e5b)", "NFL+          no", "              yes      free  active\n"} {
		if !strings.Contains(explained, want) {
			t.Errorf("claims explain of the recipe's token lacks %q:\n%s", want, explained)
		}
	}
	if strings.Contains(explained, "Could not read") {
		t.Errorf("claims explain of the recipe's token:\n%s", explained)
	}
}

// TestSignHelpExampleRuns runs the example of `sign --help` (after a
// profile exists): it must not use $UID, which bash sets to the numeric
// user id, and it must work.
func TestSignHelpExampleRuns(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true})
	c := demoCLI(t)
	c.run("profiles", "save", "web", "--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--client-secret", fakeserver.DemoClientSecret).want(t, exitOK)
	c.run("sign", "--help").want(t, exitOK)
	example := newSignCmd(&app{}).Example // what --help shows under EXAMPLES
	if strings.Contains(example, "$UID\"") || strings.Contains(example, "$UID ") || strings.Contains(example, "${UID}") {
		t.Errorf("the example uses $UID, bash's numeric user id:\n%s", example)
	}
	lines := strings.Split(strings.TrimSpace(example), "\n")
	// The first line pipes the account secret in; the rest is one command
	// with a continuation.
	script := strings.Join(lines[1:], "\n")
	stdout, stderr, err := runScript(t, script, "",
		envConfigDir+"="+c.env[envConfigDir], envSecretStore+"=file", envAccountSecret+"="+fakeserver.DemoAccountSecret,
		"USER_UID=9c2b2e1f0a7d4e5b")
	if err != nil {
		t.Fatalf("the example failed: %v\n%s\nstdout:\n%s\nstderr:\n%s", err, script, stdout, stderr)
	}
	if body := rec.Last(t).Body; !strings.Contains(body, `"uid":"9c2b2e1f0a7d4e5b"`) || !strings.Contains(body, `"uidSignature":"`) {
		t.Errorf("body %s", body)
	}
}

// TestReadmeAndroidRecipeRuns runs the README's Android client recipe as
// written: the profile is saved with the uid, token -p gets the first token
// and refresh -p refreshes it with the partner field, the uid and the
// okhttp user agent.
func TestReadmeAndroidRecipeRuns(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true, Clients: map[string]string{"KEY": "recipe-secret"}})
	script := readmeLines(t, "# an Android client", "# a script that posts")
	blob := `eyJtb2RlbCI6IlBpeGVsIDciLCJ2ZXJzaW9uIjoiMTQiLCJvc05hbWUiOiJBbmRyb2lkIiwib3NWZXJzaW9uIjoiMTQifQ==`
	stdout, stderr, err := runScript(t, script, "recipe-secret\n",
		envConfigDir+"="+t.TempDir(), envSecretStore+"=file", envEndpoint+"="+rec.URL,
		"ANDROID_BLOB="+blob, "USER_UID=9c2b2e1f0a7d4e5b")
	if err != nil {
		t.Fatalf("the recipe failed: %v\nscript:\n%s\nstdout:\n%s\nstderr:\n%s", err, script, stdout, stderr)
	}
	last := rec.Last(t)
	for _, want := range []string{`"uid":"9c2b2e1f0a7d4e5b"`, `"mvpdIdp":"Comcast_SSO"`, `"refreshToken":"`, `"deviceInfo":"` + blob + `"`} {
		if !strings.Contains(last.Body, want) {
			t.Errorf("the refresh lacks %s: %s", want, last.Body)
		}
	}
	if ua := last.Header.Get("User-Agent"); ua != "okhttp/4.11.0" {
		t.Errorf("the refresh's User-Agent is %q", ua)
	}
	if strings.Contains(stderr, "recipe-secret") {
		t.Errorf("stderr shows the client secret:\n%s", stderr)
	}
}
