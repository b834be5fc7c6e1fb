package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// profileDoc is the part of `profiles show --output json` the tests read.
type profileDoc struct {
	Name          string          `json:"name"`
	Endpoint      string          `json:"endpoint"`
	ClientKey     string          `json:"clientKey"`
	DeviceID      string          `json:"deviceId"`
	DeviceInfo    json.RawMessage `json:"deviceInfo"`
	DeviceInfoB64 string          `json:"deviceInfoBase64"`
	NetworkType   string          `json:"networkType"`
	Note          string          `json:"note"`
	Token         string          `json:"token"`
	SecretStore   string          `json:"secretStore"`
	History       []struct {
		Kind   string `json:"kind"`
		Status int    `json:"status"`
	} `json:"history"`
	Secrets *struct {
		ClientSecret string `json:"clientSecret"`
		AccessToken  string `json:"accessToken"`
		RefreshToken string `json:"refreshToken"`
	} `json:"secrets"`
}

func showProfile(t *testing.T, c *cli, name string, extra ...string) profileDoc {
	t.Helper()
	out := c.run(append([]string{"profiles", "show", name, "-o", "json"}, extra...)...).want(t, exitOK).stdout
	var d profileDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("profiles show -o json: %v\n%s", err, out)
	}
	return d
}

// saveDemo saves profile name for srv's demo client, secret from stdin.
func saveDemo(t *testing.T, c *cli, srv *fakeserver.Running, name string, extra ...string) cliResult {
	t.Helper()
	args := append([]string{"profiles", "save", name, "--client-secret-stdin"}, tokenArgs(srv, extra...)...)
	return c.runStdin(fakeserver.DemoClientSecret+"\n", args...).want(t, exitOK)
}

func TestProfilesSaveShowList(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	r := saveDemo(t, c, srv, "staging", "--note", "the TV client")
	if !strings.Contains(r.stdout, "created profile staging") || !strings.Contains(r.stdout, "file") {
		t.Errorf("save said %q", r.stdout)
	}
	d := showProfile(t, c, "staging")
	var info bytes.Buffer
	if err := json.Compact(&info, d.DeviceInfo); err != nil {
		t.Fatal(err)
	}
	got := []string{d.Name, d.Endpoint, d.ClientKey, d.DeviceID, info.String(), d.DeviceInfoB64, d.NetworkType, d.Note, d.Token, d.SecretStore}
	want := []string{"staging", srv.URL, fakeserver.DemoClientKey, testDeviceID, publicDeviceJSON, testDeviceInfo, "wifi", "the TV client", "none", "file"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("show =\n%q\nwant\n%q", got, want)
	}
	if d.Secrets != nil {
		t.Error("show without --reveal has secrets")
	}
	if got := showProfile(t, c, "staging", "--reveal"); got.Secrets == nil || got.Secrets.ClientSecret != fakeserver.DemoClientSecret {
		t.Errorf("show --reveal did not give the client secret: %+v", got.Secrets)
	}

	// An update keeps what it does not name.
	c.run("profiles", "save", "staging", "--network-type", "cellular").want(t, exitOK)
	d2 := showProfile(t, c, "staging", "--reveal")
	if d2.NetworkType != "cellular" || d2.DeviceID != testDeviceID || d2.Note != "the TV client" ||
		d2.Secrets.ClientSecret != fakeserver.DemoClientSecret || d2.Endpoint != srv.URL {
		t.Errorf("update lost fields: %+v", d2)
	}

	table := c.run("profiles", "list").want(t, exitOK).stdout
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, s := range []string{"NAME", "staging", host, "auth…0001", "cellular", "none", "file"} {
		if !strings.Contains(table, s) {
			t.Errorf("list lacks %q:\n%s", s, table)
		}
	}
	if strings.Contains(table, fakeserver.DemoClientKey) {
		t.Errorf("list shows the whole client key:\n%s", table)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(c.run("profiles", "list", "-o", "json").want(t, exitOK).stdout), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0]["name"] != "staging" || items[0]["clientKey"] != fakeserver.DemoClientKey || items[0]["token"] != "none" {
		t.Errorf("list -o json = %v", items)
	}
}

func TestProfilesNewGetsDefaults(t *testing.T) {
	c := newCLI(t).with(envEndpoint, "https://id.example.com")
	r := c.run("profiles", "save", "fresh", "--client-key", "k").want(t, exitOK)
	if !strings.Contains(r.stderr, "generated device id") || !strings.Contains(r.stderr, "client secret") {
		t.Errorf("save of a new profile did not mention the generated id and missing secret:\n%s", r.stderr)
	}
	d := showProfile(t, c, "fresh")
	if d.Endpoint != "https://id.example.com" || len(d.DeviceID) != 36 || d.NetworkType == "" || len(d.DeviceInfo) == 0 {
		t.Errorf("new profile lacks defaults: %+v", d)
	}
}

func TestProfilesBadInputWritesNothing(t *testing.T) {
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"profiles", "save", "../evil"}, "letters"},
		{[]string{"profiles", "save", "a b"}, "letters"},
		{[]string{"profiles", "save", "p", "--endpoint", "http://example.com"}, "https"},
		{[]string{"profiles", "save", "p", "--device-id", "nope"}, "deviceId"},
		{[]string{"profiles", "save", "p", "--network-type", "5g"}, "networkType"},
		{[]string{"profiles", "save", "p", "--device-info", "!!"}, "base64"},
		{[]string{"profiles", "show", "missing"}, "profiles list"},
		{[]string{"profiles", "rm", "missing"}, "no such profile"},
		{[]string{"profiles", "list", "-o", "yaml"}, "--output"},
	} {
		r := c.run(tc.args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", tc.args, tc.want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(c.env[envConfigDir], "profiles.json")); !os.IsNotExist(err) {
		t.Errorf("bad input wrote profiles.json (stat: %v)", err)
	}
}

func TestProfilesRenameCopyRm(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a")
	c.run("profiles", "rename", "a", "b").want(t, exitOK)
	c.run("profiles", "show", "a").want(t, exitBadArgs)
	if d := showProfile(t, c, "b", "--reveal"); d.Secrets.ClientSecret != fakeserver.DemoClientSecret || d.DeviceID != testDeviceID {
		t.Errorf("rename lost data: %+v", d)
	}
	c.run("profiles", "copy", "b", "c").want(t, exitOK)
	if d := showProfile(t, c, "c", "--reveal"); d.Secrets.ClientSecret != fakeserver.DemoClientSecret || d.ClientKey != fakeserver.DemoClientKey {
		t.Errorf("copy lost data: %+v", d)
	}
	c.run("profiles", "copy", "b", "c").want(t, exitBadArgs)
	c.run("profiles", "rename", "b", "c").want(t, exitBadArgs)
	c.run("profiles", "rm", "b").want(t, exitOK)
	c.run("profiles", "show", "b").want(t, exitBadArgs)
	c.run("profiles", "show", "c").want(t, exitOK)
}

func TestProfilesExportImport(t *testing.T) {
	srv := demoServer(t)
	src := newCLI(t)
	saveDemo(t, src, srv, "one", "--note", "first")
	saveDemo(t, src, srv, "two")
	src.run("token", "-p", "one").want(t, exitOK)

	plain := src.run("profiles", "export").want(t, exitOK).stdout
	full := src.run("profiles", "export", "--with-secrets").want(t, exitOK).stdout
	if strings.Contains(plain, fakeserver.DemoClientSecret) {
		t.Error("export without --with-secrets holds the client secret")
	}
	if !strings.Contains(full, fakeserver.DemoClientSecret) {
		t.Error("export --with-secrets lacks the client secret")
	}

	dst := newCLI(t)
	file := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(file, []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	r := dst.run("profiles", "import", file).want(t, exitOK)
	if !strings.Contains(r.stdout, "one") || !strings.Contains(r.stdout, "two") {
		t.Errorf("import said %q", r.stdout)
	}
	want, got := showProfile(t, src, "one", "--reveal"), showProfile(t, dst, "one", "--reveal")
	// An export is configuration (and secrets with --with-secrets); state
	// such as the cached token's metadata and the history stays behind.
	if got.Note != "first" || got.DeviceID != want.DeviceID || got.Secrets.ClientSecret != want.Secrets.ClientSecret ||
		want.Token == "none" || got.Token != "none" || len(got.History) != 0 {
		t.Errorf("import changed the profile:\n got %+v\nwant %+v", got, want)
	}

	r = dst.run("profiles", "import", file).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "--overwrite") {
		t.Errorf("a clashing import does not suggest --overwrite:\n%s", r.stderr)
	}
	// One message, said once ("overwrite" in one way only).
	if n := strings.Count(strings.ToLower(r.stderr), "overwrite"); n != 1 || !strings.Contains(r.stderr, `profiles "one", "two" already exist; pass --overwrite to replace them`) {
		t.Errorf("a clashing import says overwrite %d times:\n%s", n, r.stderr)
	}
	dst.runStdin(plain, "profiles", "import", "-", "--overwrite").want(t, exitOK)
	if d := showProfile(t, dst, "two", "--reveal"); d.Secrets.ClientSecret != fakeserver.DemoClientSecret {
		t.Errorf("overwrite without secrets lost the stored client secret: %+v", d.Secrets)
	}

	dst.runStdin("{not json", "profiles", "import", "-").want(t, exitBadArgs)
	dst.run("profiles", "import", filepath.Join(t.TempDir(), "missing.json")).want(t, exitBadArgs)
}

func TestProfilesCorruptAndRepair(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "p")
	path := filepath.Join(c.env[envConfigDir], "profiles.json")
	garbage := []byte(`{"version": 1, "profiles": [`)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	r := c.run("profiles", "list").want(t, exitFailed)
	if !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, "repair") {
		t.Errorf("a broken file is not named with the way out:\n%s", r.stderr)
	}
	saveDemo := c.runStdin("x\n", "profiles", "save", "q", "--client-secret-stdin")
	if saveDemo.code != exitFailed {
		t.Errorf("save into a broken store: exit %d, want 1", saveDemo.code)
	}
	if data, _ := os.ReadFile(path); string(data) != string(garbage) {
		t.Fatalf("the broken file changed: %q", data)
	}

	r = c.run("profiles", "repair").want(t, exitOK)
	if !strings.Contains(r.stdout, "profiles.json.corrupt-") {
		t.Errorf("repair did not say where the file went:\n%s", r.stdout)
	}
	// The parser's message, with line and column, comes first.
	if first, _, _ := strings.Cut(r.stdout, "\n"); !regexp.MustCompile(`profiles\.json:1:\d+: .*ends too early`).MatchString(first) {
		t.Errorf("repair's first line is not the parser's message with line and column:\n%s", r.stdout)
	}
	moved, _ := filepath.Glob(path + ".corrupt-*")
	if len(moved) != 1 {
		t.Fatalf("moved files: %v", moved)
	}
	if data, _ := os.ReadFile(moved[0]); string(data) != string(garbage) {
		t.Errorf("the moved file is not the old bytes: %q", data)
	}
	c.run("profiles", "list", "-o", "json").want(t, exitOK)
	if r := c.run("profiles", "repair").want(t, exitOK); !strings.Contains(r.stdout, "nothing to repair") {
		t.Errorf("repair of a good store said %q", r.stdout)
	}
}

func TestTokenProfileCache(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "p")

	first := c.run("token", "-p", "p").want(t, exitOK).stdout
	if n := srv.Server.RequestCount(); n != 1 {
		t.Fatalf("first token -p made %d requests, want 1", n)
	}
	if again := c.run("token", "-p", "p").want(t, exitOK).stdout; again != first {
		t.Errorf("cached token differs: %q vs %q", again, first)
	}
	if n := srv.Server.RequestCount(); n != 1 {
		t.Fatalf("a cached token made a request (%d in all)", n)
	}
	body := tokenBody(t, c.run("token", "-p", "p", "-o", "json").want(t, exitOK).stdout)
	if body.AccessToken+"\n" != first || body.RefreshToken == "" {
		t.Errorf("cached -o json = %+v", body)
	}

	fresh := c.run("token", "-p", "p", "--fresh").want(t, exitOK).stdout
	if fresh == "" || srv.Server.RequestCount() != 2 {
		t.Errorf("--fresh did not issue a new token (requests %d)", srv.Server.RequestCount())
	}
	before := showProfile(t, c, "p", "--reveal").Secrets.RefreshToken
	refreshed := tokenBody(t, c.run("refresh", "-p", "p", "-o", "json").want(t, exitOK).stdout)
	if refreshed.RefreshToken == before || srv.Server.RequestCount() != 3 {
		t.Errorf("refresh -p did not rotate (requests %d)", srv.Server.RequestCount())
	}
	if after := showProfile(t, c, "p", "--reveal").Secrets.RefreshToken; after != refreshed.RefreshToken {
		t.Errorf("the rotated refresh token was not saved: %q, want %q", after, refreshed.RefreshToken)
	}

	// A flag overriding the profile bypasses the cache and is not stored.
	other := c.run("token", "-p", "p", "--network-type", "cellular").want(t, exitOK).stdout
	if srv.Server.RequestCount() != 4 || other == refreshed.AccessToken+"\n" {
		t.Errorf("an overriding flag used the cache (requests %d)", srv.Server.RequestCount())
	}
	claims, err := srv.Server.ParseAccessToken(strings.TrimSpace(other))
	if err != nil || !claims.Cellular {
		t.Errorf("the override was not sent: %v %+v", err, claims)
	}
	if cached := c.run("token", "-p", "p").want(t, exitOK).stdout; cached != refreshed.AccessToken+"\n" {
		t.Error("the overridden token replaced the cached one")
	}
	if srv.Server.RequestCount() != 4 {
		t.Errorf("requests %d, want 4", srv.Server.RequestCount())
	}
	// Flags that repeat the profile's values change nothing: the cache answers.
	same := c.runStdin(fakeserver.DemoClientSecret, "token", "-p", "p", "--client-secret-stdin", "--network-type", "wifi").want(t, exitOK).stdout
	if same != refreshed.AccessToken+"\n" || srv.Server.RequestCount() != 4 {
		t.Errorf("flags equal to the profile bypassed the cache (requests %d)", srv.Server.RequestCount())
	}
	if h := showProfile(t, c, "p").History; len(h) != 4 {
		t.Errorf("history has %d entries, want 4: %+v", len(h), h)
	}
}

func TestTokenProfileErrors(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	c.run("token", "-p", "missing").want(t, exitBadArgs)
	c.run("token", "-p", "bad/name").want(t, exitBadArgs)
	saveDemo(t, c, srv, "p")
	r := c.run("refresh", "-p", "p").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "token -p p") {
		t.Errorf("refresh -p without a token does not say what to do:\n%s", r.stderr)
	}
	c.run("refresh", "-p", "p", "--refresh-token", "x").want(t, exitBadArgs)
	if srv.Server.RequestCount() != 0 {
		t.Fatalf("bad input sent %d requests", srv.Server.RequestCount())
	}

	c.runStdin("wrong\n", "profiles", "save", "p", "--client-secret-stdin").want(t, exitOK)
	r = c.run("token", "-p", "p").want(t, exitFailed)
	if !strings.Contains(r.stderr, "401") {
		t.Errorf("a refused profile token does not show the status:\n%s", r.stderr)
	}
	if h := showProfile(t, c, "p").History; len(h) != 1 || h[0].Status != 401 {
		t.Errorf("the failure was not recorded: %+v", h)
	}
}

func TestTokenProfileOtherEndpoint(t *testing.T) {
	home, other := demoServer(t), demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, home, "p")
	r := c.run("token", "-p", "p", "--endpoint", other.URL).want(t, exitOK)
	if other.Server.IssueCount() != 1 || home.Server.RequestCount() != 0 {
		t.Fatalf("--endpoint with -p went to the wrong server (home %d, other %d)", home.Server.RequestCount(), other.Server.IssueCount())
	}
	if !strings.Contains(r.stderr, "cache") {
		t.Errorf("no note that the cache is bypassed:\n%s", r.stderr)
	}
	if d := showProfile(t, c, "p"); d.Token != "none" {
		t.Errorf("a token from another endpoint was cached: %s", d.Token)
	}
}

func TestNameSummaryCountsWhatItLeavesOut(t *testing.T) {
	names := []string{"a", "b", "c", "d"}
	if got := nameSummary(names, 10); got != "a, b, c, d" {
		t.Errorf("all names: %q", got)
	}
	if got := nameSummary(names, 2); got != "a, b and 2 more" {
		t.Errorf("cut: %q", got)
	}
}

func TestRefreshProfileSignedInUser(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "p")
	c.run("token", "-p", "p").want(t, exitOK)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := fakeserver.SignUID([]byte(fakeserver.DemoUIDKey), "user-42", ts)

	// A signature without its uid and timestamp is bad input: nothing is sent.
	c.run("refresh", "-p", "p", "--uid-signature", sig).want(t, exitBadArgs)
	if n := srv.Server.RequestCount(); n != 1 {
		t.Fatalf("an incomplete uid signature sent a request (%d in all)", n)
	}
	// A wrong signature reaches the server and is refused with 403.
	r := c.run("refresh", "-p", "p", "--uid", "user-42", "--uid-signature", fakeserver.SignUID([]byte("wrong key"), "user-42", ts),
		"--signature-timestamp", ts).want(t, exitFailed)
	if !strings.Contains(r.stderr, "403") {
		t.Errorf("a bad uid signature does not show 403:\n%s", r.stderr)
	}
	// The right one refreshes, and the rotated token is cached.
	got := tokenBody(t, c.run("refresh", "-p", "p", "-o", "json", "--uid", "user-42", "--uid-signature", sig,
		"--signature-timestamp", ts).want(t, exitOK).stdout)
	if after := showProfile(t, c, "p", "--reveal").Secrets.RefreshToken; after != got.RefreshToken {
		t.Errorf("the signed refresh's rotated token was not saved: %q, want %q", after, got.RefreshToken)
	}
	if cached := c.run("token", "-p", "p").want(t, exitOK).stdout; cached != got.AccessToken+"\n" {
		t.Error("token -p does not answer with the signed refresh's token")
	}
}
