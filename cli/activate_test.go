package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// activateRun is a finished `authdeck activate -o json`.
type activateRun struct {
	code   int
	events []map[string]any
	stderr string
}

// runActivate runs `authdeck activate -o json args...`, calling onCode
// (which may be nil) with the code event as soon as it is printed, and
// cancel when it returns true.
func runActivate(t *testing.T, c *cli, onCode func(ev map[string]any) (cancel bool), args ...string) activateRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"activate", "-o", "json"}, args...), strings.NewReader(""), pw, &stderr, c.getenv)
		pw.Close()
	}()
	var out activateRun
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		var ev map[string]any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Errorf("stdout line is not JSON: %v: %s", err, sc.Text())
			continue
		}
		out.events = append(out.events, ev)
		if ev["event"] == "code" && onCode != nil && onCode(ev) {
			cancel()
		}
	}
	select {
	case out.code = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("activate did not finish")
	}
	out.stderr = stderr.String()
	return out
}

// approveByPage opens the activation URL of a code event and submits the
// form as account, the way a person's browser does.
func approveByPage(t *testing.T, ev map[string]any, account string) {
	t.Helper()
	u, _ := ev["activationUrl"].(string)
	resp, err := http.Get(u)
	if err != nil {
		t.Error(err)
		return
	}
	resp.Body.Close()
	pu, _ := url.Parse(u)
	form := url.Values{"regCode": {pu.Query().Get("regCode")}, "account": {account}}
	resp, err = http.PostForm(pu.Scheme+"://"+pu.Host+pu.Path, form)
	if err != nil {
		t.Error(err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("approving on the page: %d", resp.StatusCode)
	}
}

func TestActivateJSONFlowByPage(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	r := runActivate(t, c, func(ev map[string]any) bool {
		approveByPage(t, ev, "premium")
		return false
	}, append(tokenArgs(srv), "--poll", "20ms")...)
	if r.code != exitOK || len(r.events) != 2 {
		t.Fatalf("exit %d, events %v\nstderr:\n%s", r.code, r.events, r.stderr)
	}
	code := r.events[0]
	if code["event"] != "code" || !strings.HasPrefix(code["activationUrl"].(string), srv.URL+"/account/activate?regCode=") ||
		code["regCode"] == "" || code["expiresAt"] == nil {
		t.Errorf("code event = %v", code)
	}
	if at, err := time.Parse(time.RFC3339, code["expiresAt"].(string)); err != nil || time.Until(at) > 10*time.Minute || time.Until(at) < 9*time.Minute {
		t.Errorf("expiresAt %v: %v", code["expiresAt"], err)
	}
	act := r.events[1]
	if act["event"] != "activated" || act["accessToken"] == nil || act["refreshToken"] == nil || act["expiresIn"] == nil {
		t.Fatalf("activated event = %v", act)
	}
	claims, err := srv.Server.ParseAccessToken(act["accessToken"].(string))
	if err != nil || claims.Plans[len(claims.Plans)-1].Plan != "NFL_PLUS_PREMIUM" {
		t.Errorf("signed-in token plans: %+v, %v", claims, err)
	}
}

func TestActivateTextOutputNotATerminal(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	ctx := context.Background()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"activate", "--poll", "20ms"}, tokenArgs(srv)...), strings.NewReader(""), pw, &stderr, c.getenv)
		pw.Close()
	}()
	// Approve once the code is on stderr.
	var code string
	for deadline := time.Now().Add(10 * time.Second); code == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, after, ok := strings.Cut(stderr.String(), "\ncode "); ok {
			code, _, _ = strings.Cut(after, "\n")
		}
	}
	if err := srv.Server.Approve(code, "plus"); err != nil {
		t.Fatalf("approve %q: %v\n%s", code, err, stderr.String())
	}
	stdout, _ := io.ReadAll(pr)
	if got := <-done; got != exitOK {
		t.Fatalf("exit %d\n%s", got, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(stdout)), "\n")
	if len(lines) != 1 || strings.Count(lines[0], ".") != 2 {
		t.Errorf("stdout is not the token alone: %q", stdout)
	}
	for _, want := range []string{"Enter this code:", "Open " + srv.URL + "/account/activate?regCode=" + code, "(QR code omitted: stderr is not a terminal)", "waiting for the code to be activated", "activated: signed in"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), lines[0]) {
		t.Errorf("stderr shows the token")
	}
}

func TestActivateProfileContinuesSignedIn(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	saveDemo(t, c, srv, "tv")
	r := runActivate(t, c, func(ev map[string]any) bool {
		if err := srv.Server.Approve(ev["regCode"].(string), "cancelled"); err != nil {
			t.Error(err)
		}
		return false
	}, "-p", "tv", "--poll", "20ms")
	if r.code != exitOK || len(r.events) != 2 {
		t.Fatalf("exit %d, events %v\n%s", r.code, r.events, r.stderr)
	}
	signed := r.events[1]["accessToken"].(string)
	issued := srv.Server.IssueCount()
	// token -p answers from the cache: the activated token, no request.
	got := c.run("token", "-p", "tv").want(t, exitOK)
	if strings.TrimSpace(got.stdout) != signed || srv.Server.IssueCount() != issued {
		t.Errorf("token -p did not answer with the cached signed-in token")
	}
	// refresh -p continues signed in: the account's plans again.
	body := tokenBody(t, c.run("refresh", "-p", "tv", "-o", "json").want(t, exitOK).stdout)
	claims, err := srv.Server.ParseAccessToken(body.AccessToken)
	if err != nil || claims.Plans[len(claims.Plans)-1].Status != "CANCELLED" {
		t.Errorf("refresh -p plans: %+v, %v", claims, err)
	}
	// Every call of the activation is in the history, masked.
	hist := c.run("history", "tv").want(t, exitOK).stdout
	for _, kind := range []string{"issue", "regcode", "announce", "poll", "refresh"} {
		if !strings.Contains(hist, kind) {
			t.Errorf("history lacks the %s call:\n%s", kind, hist)
		}
	}
	if strings.Contains(hist, "eyJ") {
		t.Errorf("history shows a token:\n%s", hist)
	}
	// The uid is in the profile, its signature is not.
	show := c.run("profiles", "show", "tv").want(t, exitOK).stdout
	acct, _ := srv.Server.Account("cancelled")
	if !strings.Contains(show, acct.UID) {
		t.Errorf("profiles show lacks the uid:\n%s", show)
	}
	data, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
	if !strings.Contains(string(data), acct.UID) || strings.Contains(strings.ToLower(string(data)), "signature") {
		t.Errorf("profiles.json holds no uid or a signature:\n%s", data)
	}
}

func TestActivateExpiresAndSavesNothing(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	saveDemo(t, c, srv, "tv")
	before, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
	r := runActivate(t, c, nil, "-p", "tv", "--poll", "20ms", "--timeout", "150ms")
	if r.code != exitFailed || len(r.events) != 2 || r.events[1]["event"] != "expired" {
		t.Fatalf("exit %d, events %v\n%s", r.code, r.events, r.stderr)
	}
	for _, want := range []string{"poll: code", "expired after", "start again for a new code"} {
		if !strings.Contains(r.stderr, want) || !strings.Contains(r.events[1]["error"].(string), want) {
			t.Errorf("the expiry does not say %q:\n%s", want, r.stderr)
		}
	}
	after, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
	if string(before) != string(after) {
		t.Errorf("an expired activation changed the profile:\n%s\n%s", before, after)
	}
	if out := c.run("token", "-p", "tv", "-o", "json").want(t, exitOK).stdout; strings.Contains(out, "uid") {
		t.Errorf("the profile is signed in after an expired activation")
	}
}

func TestActivateCancelled(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	saveDemo(t, c, srv, "tv")
	r := runActivate(t, c, func(map[string]any) bool { return true }, "-p", "tv", "--poll", "20ms")
	if r.code != exitCanceled || len(r.events) != 2 || r.events[1]["reason"] != "cancelled" || r.events[1]["step"] != "poll" {
		t.Fatalf("exit %d, events %v\n%s", r.code, r.events, r.stderr)
	}
	if !strings.Contains(r.stderr, "activation cancelled during the poll step; nothing was saved") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// faultServer is a fake server behind a handler that answers the
// requests fault matches itself.
func faultServer(t *testing.T, fault func(w http.ResponseWriter, r *http.Request) bool) *fakeserver.Running {
	t.Helper()
	fs := fakeservertest.New(t, fakeserver.Config{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fault(w, r) {
			fs.Server.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(hs.Close)
	return &fakeserver.Running{URL: hs.URL, Server: fs.Server}
}

func TestActivateFaults(t *testing.T) {
	answer := func(method, prefix string, status int, body string) func(w http.ResponseWriter, r *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method != method || !strings.HasPrefix(r.URL.Path, prefix) {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return true
		}
	}
	cases := []struct {
		name   string
		fault  func(w http.ResponseWriter, r *http.Request) bool
		step   string
		status float64
		want   []string
	}{
		{"regcode without regCode", answer("GET", "/utilities/v1/regcode", 200, `{"code":"X"}`), "registration code", 200,
			[]string{"regCode is missing", "did not hand out a code"}},
		{"announce 401", answer("PUT", "/keystore/", 401, `{}`), "announce", 401, []string{"401 Unauthorized", "Bearer token"}},
		{"announce 403", answer("PUT", "/keystore/", 403, `{}`), "announce", 403, []string{"403 Forbidden", "Bearer token"}},
		{"announce 503", answer("PUT", "/keystore/", 503, `{}`), "announce", 503, []string{"503 Service Unavailable", "try again later"}},
		{"poll 404", answer("GET", "/keystore/", 404, `{}`), "poll", 404, []string{"404 Not Found", "start again for a new code"}},
		{"poll 500", answer("GET", "/keystore/", 500, `{}`), "poll", 0, []string{"gave up after", "500 Internal Server Error", "try again later"}},
		{"refresh 403", answer("POST", "/identity/v3/token/refresh", 403, `{}`), "signed-in refresh", 403, []string{"403 Forbidden", "start the activation again"}},
	}
	for _, tc := range cases {
		srv := faultServer(t, tc.fault)
		c := demoCLI(t)
		saveDemo(t, c, srv, "tv")
		before, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
		r := runActivate(t, c, func(ev map[string]any) bool {
			_ = srv.Server.Approve(ev["regCode"].(string), "premium")
			return false
		}, "-p", "tv", "--poll", "5ms")
		last := r.events[len(r.events)-1]
		if r.code != exitFailed || last["event"] != "failed" || last["step"] != tc.step {
			t.Errorf("%s: exit %d, events %v\n%s", tc.name, r.code, r.events, r.stderr)
			continue
		}
		if tc.status != 0 && last["status"] != tc.status {
			t.Errorf("%s: status %v, want %v", tc.name, last["status"], tc.status)
		}
		for _, w := range append(tc.want, tc.step) {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, r.stderr)
			}
		}
		if strings.Contains(r.stderr, fakeserver.DemoClientSecret) || strings.Contains(r.stderr, "eyJ") {
			t.Errorf("%s: stderr shows a secret:\n%s", tc.name, r.stderr)
		}
		after, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
		if string(before) != string(after) {
			t.Errorf("%s: a failed activation changed the profile", tc.name)
		}
	}
}

func TestActivateBadUsage(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	saveDemo(t, c, srv, "tv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--idp", "gigya"}, "--idp: "},
		{[]string{"--poll", "0s"}, "--poll 0s must be positive"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s must be positive"},
		{[]string{"-o", "yaml"}, `--output "yaml" is not text or json`},
		{[]string{"--activation-url", "id.nfl.com"}, "--activation-url"},
		{[]string{"-p", "tv", "--client-key", "x"}, "--client-key cannot be combined with -p"},
		{[]string{"-p", "nosuch"}, "nosuch"},
	} {
		args := tc.args
		if args[0] != "-p" {
			args = append(tokenArgs(srv), args...)
		}
		before := srv.Server.RequestCount()
		r := c.run(append([]string{"activate"}, args...)...)
		if r.code != exitBadArgs || !strings.Contains(r.stderr, tc.want) || srv.Server.RequestCount() != before {
			t.Errorf("%v: exit %d, stderr %q", tc.args, r.code, r.stderr)
		}
	}
	// A request the client refuses is bad input too, before anything is sent.
	r := c.run("activate", "--endpoint", srv.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", "not-a-uuid", "--network-type", "wifi")
	if r.code != exitBadArgs || !strings.Contains(r.stderr, "deviceId") {
		t.Errorf("bad device id: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestActivateCancelAtEachStep cancels (as Ctrl+C does) while each call
// hangs: the exit is 130, the event names the step and the profile keeps
// what it had.
func TestActivateCancelAtEachStep(t *testing.T) {
	for _, tc := range []struct {
		method, path, step string
	}{
		{"POST", "/identity/v3/token", "anonymous token"},
		{"GET", "/utilities/v1/regcode", "registration code"},
		{"PUT", "/keystore/", "announce"},
		{"GET", "/keystore/", "poll"},
	} {
		arrived := make(chan struct{}, 1)
		srv := faultServer(t, func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method != tc.method || !strings.HasPrefix(r.URL.Path, tc.path) || strings.HasSuffix(r.URL.Path, "/refresh") {
				return false
			}
			select {
			case arrived <- struct{}{}:
			default:
			}
			_, _ = io.ReadAll(r.Body) // net/http notices a client hanging up only after the body
			<-r.Context().Done()      // hang until the client gives up
			return true
		})
		c := demoCLI(t)
		saveDemo(t, c, srv, "tv")
		before, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-arrived; cancel() }()
		var out, errOut syncBuffer
		code := Run(ctx, []string{"activate", "-o", "json", "-p", "tv", "--poll", "10ms"}, strings.NewReader(""), &out, &errOut, c.getenv)
		cancel()
		if code != exitCanceled {
			t.Errorf("%s: exit %d, want 130\n%s", tc.step, code, errOut.String())
			continue
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var last map[string]any
		_ = json.Unmarshal([]byte(lines[len(lines)-1]), &last)
		if last["event"] != "failed" || last["reason"] != "cancelled" || last["step"] != tc.step {
			t.Errorf("%s: last event %v", tc.step, last)
		}
		if !strings.Contains(errOut.String(), "activation cancelled during the "+tc.step+" step") {
			t.Errorf("%s: stderr %q", tc.step, errOut.String())
		}
		after, _ := os.ReadFile(filepath.Join(c.env[envConfigDir], "profiles.json"))
		if string(before) != string(after) {
			t.Errorf("%s: a cancelled activation changed the profile", tc.step)
		}
	}
}
