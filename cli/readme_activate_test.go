package cli

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/ui"
)

// readmeActivation is the README's "Activating a device" section.
func readmeActivation(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(src), "### Activating a device\n")
	if !ok {
		t.Fatal("README has no section Activating a device")
	}
	section, _, _ := strings.Cut(after, "\n### ")
	return section
}

// TestReadmeActivationCapture redraws the README's terminal capture from
// its code and URL and compares it line by line: the QR code, the big code
// and the layout are what authdeck prints; the status line has its shape.
func TestReadmeActivationCapture(t *testing.T) {
	t.Parallel()
	capture := readmeBlockAfter(t, "authdeck activate --endpoint http://127.0.0.1:8765 --client-key KEY")
	lines := strings.Split(strings.TrimRight(capture, "\n"), "\n")
	url := ""
	for _, l := range lines {
		if u, ok := strings.CutPrefix(l, "Open "); ok {
			url = u
		}
	}
	code := regexp.MustCompile(`regCode=([A-Z0-9]+)$`).FindStringSubmatch(url)
	if code == nil {
		t.Fatalf("the capture has no activation URL:\n%s", capture)
	}
	want := strings.Split(strings.TrimRight(codeBlock(code[1], url, 80, 24, ""), "\n"), "\n")
	if len(lines) != len(want)+1 {
		t.Fatalf("the capture has %d lines, authdeck prints %d and a status line:\n%s", len(lines), len(want), capture)
	}
	for i, w := range want {
		if got, w := strings.TrimRight(lines[i], " "), strings.TrimRight(ansi.Strip(w), " "); got != w {
			t.Errorf("capture line %d differs:\nREADME:  %q\nauthdeck: %q", i+1, got, w)
		}
	}
	status := lines[len(lines)-1]
	if !regexp.MustCompile(`^waiting · polled \d+ times · last 200 OK \d+ ms · \d+:\d\d left$`).MatchString(status) {
		t.Errorf("the capture's status line %q is not what authdeck prints", status)
	}
}

// TestReadmeActivationJSON runs the flow with -o json and compares the
// events' names and keys, in order, with the README's example.
func TestReadmeActivationJSON(t *testing.T) {
	t.Parallel()
	section := readmeActivation(t)
	_, after, _ := strings.Cut(section, "the `status` and the `error`:\n\n```\n")
	example, _, _ := strings.Cut(after, "```")
	wantLines := strings.Split(strings.TrimSpace(example), "\n")

	srv := demoServer(t)
	c := demoCLI(t)
	r := runActivate(t, c, func(ev map[string]any) bool {
		if err := srv.Server.Approve(ev["regCode"].(string), "premium"); err != nil {
			t.Error(err)
		}
		return false
	}, append(tokenArgs(srv), "--poll", "20ms")...)
	if r.code != exitOK || len(r.events) != len(wantLines) {
		t.Fatalf("exit %d, %d events, README shows %d", r.code, len(r.events), len(wantLines))
	}
	// The keys of each event, in order, as the README shows them.
	keys := func(line string) []string {
		dec := json.NewDecoder(strings.NewReader(line))
		var out []string
		if _, err := dec.Token(); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		for dec.More() {
			k, _ := dec.Token()
			out = append(out, k.(string))
			var v json.RawMessage
			_ = dec.Decode(&v)
		}
		return out
	}
	// The code event's keys in printed order (a map loses it): a short run
	// that expires.
	r2 := c.runStdin("", "activate", "-o", "json", "--timeout", "50ms", "--poll", "10ms", "--endpoint", srv.URL,
		"--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi")
	first := strings.SplitN(r2.stdout, "\n", 2)[0]
	if got, want := strings.Join(keys(first), ","), strings.Join(keys(wantLines[0]), ","); got != want {
		t.Errorf("code event keys %s, README %s", got, want)
	}
	for _, k := range keys(wantLines[1]) {
		if _, ok := r.events[1][k]; !ok {
			t.Errorf("the activated event lacks README's %q: %v", k, r.events[1])
		}
	}
	if r.events[1]["event"] != "activated" || r.events[0]["event"] != "code" {
		t.Errorf("events %v", r.events)
	}
}

// TestReadmeActivationWords checks the names the section uses: flags,
// steps, demo accounts, keys, exit codes and defaults.
func TestReadmeActivationWords(t *testing.T) {
	t.Parallel()
	s := strings.Join(strings.Fields(readmeActivation(t)), " ")
	root := newRootCmd(&app{})
	act, _, _ := root.Find([]string{"activate"})
	fs, _, _ := root.Find([]string{"fake-server"})
	for _, m := range regexp.MustCompile("`(?:authdeck [a-z-]+ )?[^`]*?(--[a-z-]+)").FindAllStringSubmatch(s, -1) {
		flag := strings.TrimPrefix(m[1], "--")
		if act.Flags().Lookup(flag) == nil && fs.Flags().Lookup(flag) == nil && root.Flags().Lookup(flag) == nil {
			t.Errorf("README names %s, which neither activate, fake-server nor the console has", m[1])
		}
	}
	for _, st := range []tokenclient.ActivationStep{tokenclient.StepToken, tokenclient.StepRegCode, tokenclient.StepAnnounce, tokenclient.StepPoll, tokenclient.StepRefresh} {
		if !strings.Contains(s, "`"+string(st)+"`") {
			t.Errorf("README does not list the step %q", st)
		}
	}
	for _, a := range fakeserver.DemoAccounts(time.Now()) {
		if !strings.Contains(s, "`"+a.Name+"`") {
			t.Errorf("README does not list the demo account %q", a.Name)
		}
	}
	k := ui.DefaultKeyMap()
	for _, b := range []string{k.Activate.Help().Key, k.Cancel.Help().Key, k.DemoApprove.Help().Key, k.DemoAccount.Help().Key} {
		if !strings.Contains(s, "`"+b+"`") {
			t.Errorf("README does not name the key %q", b)
		}
	}
	for _, w := range []string{
		"0 activated, 1 expired, refused or failed, 2 bad input",
		"130 cancelled",
		"(default 5s)",
		"the code's time to live, 10 minutes",
		"five times in a row at most",
		"https://id.nfl.com/account/activate?regCode=CODE",
		"`PUT /keystore/v1/mvpd/{regCode}?ttl=600000`",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("README lacks %q", w)
		}
	}
	if exitCanceled != 130 || tokenclient.DefaultPollInterval != 5*time.Second || tokenclient.DefaultActivationTTL != 10*time.Minute ||
		tokenclient.DefaultPollRetries != 5 || tokenclient.ActivationPage(tokenclient.DefaultBaseURL) != "https://id.nfl.com/account/activate" {
		t.Errorf("the README's numbers no longer match the code")
	}
	if !strings.Contains(s, "at least 1s unless the endpoint is loopback") || MinPollInterval != time.Second {
		t.Errorf("README's --poll minimum no longer matches MinPollInterval %v", MinPollInterval)
	}
	if f := act.Flags().Lookup("poll"); f == nil || f.DefValue != "5s" {
		t.Errorf("--poll default = %v", f)
	}
}
