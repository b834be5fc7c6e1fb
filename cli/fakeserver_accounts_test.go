package cli

import (
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func TestFakeServerAccountsAndUIDKey(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/accounts.json"
	if err := writeFile(good, `[{"name":"alice","uid":"a1","plans":[{"plan":"NFL_PLUS","status":"ACTIVE"}]}]`); err != nil {
		t.Fatal(err)
	}
	_, _, stderr, stop := startFakeServerCmd(t, "--addr", "127.0.0.1:0", "--accounts", good, "--uid-key", "c2VjcmV0LWtleQ==")
	code, rest := stop()
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(rest, "/account/activate (accounts: free, plus, premium, cancelled, expired, tv-provider, alice)") {
		t.Errorf("stdout does not name the activation page and its accounts:\n%s", rest)
	}

	o := fakeServerOptions{addr: "127.0.0.1:0", ttl: fakeserver.DefaultTTL, uidKey: "c2VjcmV0LWtleQ=="}
	cfg, err := o.config(nil)
	if err != nil || string(cfg.UIDKey) != "secret-key" {
		t.Errorf("--uid-key gave %q, %v", cfg.UIDKey, err)
	}

	bad := dir + "/bad.json"
	if err := writeFile(bad, `[{"name":"alice","uid":"a1"},{"name":"bob","uid":"b1","plans":[{"plan":"NFL_PLUS","status":"active"}]}]`); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	for args, want := range map[string]string{
		"--accounts " + bad:           `--accounts ` + bad + `: entry 2 ("bob"): plans[0].status: "active" is not ACTIVE, CANCELLED or EXPIRED`,
		"--accounts " + dir + "/none": "--accounts: open",
		"--uid-key not*base64":        "--uid-key: ",
	} {
		r := c.run(append([]string{"fake-server", "--addr", "127.0.0.1:0"}, strings.SplitN(args, " ", 2)...)...)
		if r.code != exitBadArgs || !strings.Contains(r.stderr, want) || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr %q, want %q", args, r.code, r.stderr, want)
		}
	}
}
