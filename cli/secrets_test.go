package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// secretKind names one kind of confidential value.
type secretKind int

const (
	kindClientSecret secretKind = iota
	kindAccessToken
	kindRefreshToken
)

func (k secretKind) String() string {
	return [...]string{"client secret", "access token", "refresh token"}[k]
}

// TestSecretsNeverShownUnlessAsked runs every command against a profile with
// a client secret and cached tokens, collects every secret value it learns,
// and checks that no output shows one its command did not ask for.
func TestSecretsNeverShownUnlessAsked(t *testing.T) {
	const secret = "s3cret-Only-For-This-Test"
	srv := fakeservertest.New(t, fakeserver.Config{Clients: map[string]string{"test-client-key-0001": secret}})
	c := newCLI(t)
	base := []string{"--endpoint", srv.URL, "--client-key", "test-client-key-0001", "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "wifi"}
	exportFile := filepath.Join(t.TempDir(), "export.json")

	type step struct {
		args   []string
		stdin  string
		env    []string
		allows []secretKind // what this command may print on stdout
		learn  bool         // stdout is a token response or a revealed profile: collect its secrets
	}
	steps := []step{
		{args: append([]string{"profiles", "save", "p", "--client-secret-stdin"}, base...), stdin: secret + "\n"},
		{args: append([]string{"profiles", "save", "warned", "--client-secret", secret}, base...)},
		{args: []string{"token", "-p", "p"}, allows: []secretKind{kindAccessToken}},
		{args: []string{"token", "-p", "p", "-o", "json"}, allows: []secretKind{kindAccessToken, kindRefreshToken}, learn: true},
		{args: []string{"token", "-p", "p", "-o", "header"}, allows: []secretKind{kindAccessToken}},
		{args: []string{"token", "-p", "p", "-o", "env"}, allows: []secretKind{kindAccessToken, kindRefreshToken}},
		{args: []string{"refresh", "-p", "p", "-o", "json"}, allows: []secretKind{kindAccessToken, kindRefreshToken}, learn: true},
		{args: []string{"refresh", "-p", "p"}, allows: []secretKind{kindAccessToken}},
		{args: append([]string{"token", "-o", "json"}, base...), env: []string{envClientSecret, secret},
			allows: []secretKind{kindAccessToken, kindRefreshToken}, learn: true},
		{args: append([]string{"token", "--client-secret-stdin"}, base...), stdin: secret, allows: []secretKind{kindAccessToken}},
		{args: append([]string{"token", "--device-id", "bad"}, base[:4]...), env: []string{envClientSecret, secret}},
		{args: append([]string{"token"}, base...), env: []string{envClientSecret, "wrong-" + secret}},
		{args: []string{"profiles", "show", "p", "--reveal", "-o", "json"}, allows: []secretKind{kindClientSecret, kindAccessToken, kindRefreshToken}, learn: true},
		{args: []string{"profiles", "show", "p", "--reveal"}, allows: []secretKind{kindClientSecret, kindAccessToken, kindRefreshToken}},
		{args: []string{"profiles", "show", "p"}},
		{args: []string{"profiles", "show", "p", "-o", "json"}},
		{args: []string{"profiles", "list"}},
		{args: []string{"profiles", "list", "-o", "json"}},
		{args: []string{"profiles", "export"}},
		{args: []string{"profiles", "export", "--with-secrets"}, allows: []secretKind{kindClientSecret, kindAccessToken, kindRefreshToken}},
		{args: []string{"profiles", "copy", "p", "q"}},
		{args: []string{"profiles", "rename", "q", "r"}},
		{args: []string{"profiles", "import", exportFile, "--overwrite"}},
		{args: []string{"profiles", "import", exportFile}},
		{args: []string{"profiles", "save", "p", "--note", "x"}},
		{args: []string{"profiles", "rm", "r"}},
		{args: []string{"profiles", "repair"}},
		{args: []string{"device"}},
		{args: []string{"version"}},
	}

	known := map[secretKind]map[string]bool{kindClientSecret: {secret: true}, kindAccessToken: {}, kindRefreshToken: {}}
	learn := func(out string) {
		var doc struct {
			AccessToken, RefreshToken string
			Secrets                   *struct{ ClientSecret, AccessToken, RefreshToken string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("cannot learn secrets from %q: %v", out, err)
		}
		if doc.Secrets != nil {
			doc.AccessToken, doc.RefreshToken = doc.Secrets.AccessToken, doc.Secrets.RefreshToken
		}
		for k, v := range map[secretKind]string{kindAccessToken: doc.AccessToken, kindRefreshToken: doc.RefreshToken} {
			if v != "" {
				known[k][v] = true
			}
		}
	}

	type seen struct {
		step   step
		result cliResult
	}
	var all []seen
	for _, s := range steps {
		if len(s.args) > 2 && s.args[1] == "import" && s.args[2] == exportFile {
			if _, err := os.Stat(exportFile); err != nil {
				withSecrets := c.run("profiles", "export", "--with-secrets").want(t, exitOK).stdout
				if err := os.WriteFile(exportFile, []byte(withSecrets), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		r := c.with(s.env...).runStdin(s.stdin, s.args...)
		if s.learn {
			if r.code != exitOK {
				t.Fatalf("%v: exit %d\n%s", s.args, r.code, r.stderr)
			}
			learn(r.stdout)
		}
		all = append(all, seen{s, r})
	}
	// Access tokens issued within one second for one device are identical
	// (real ones carry no iat or jti), so fewer distinct ones are learned.
	if len(known[kindAccessToken]) < 1 || len(known[kindRefreshToken]) < 3 {
		t.Fatalf("the test learned too few tokens to be meaningful: %v", known)
	}

	for _, sr := range all {
		allowed := map[secretKind]bool{}
		for _, k := range sr.step.allows {
			allowed[k] = true
		}
		for kind, values := range known {
			for v := range values {
				if strings.Contains(sr.result.stderr, v) {
					t.Errorf("authdeck %s: stderr shows a %s:\n%s", strings.Join(sr.step.args, " "), kind, sr.result.stderr)
				}
				if !allowed[kind] && strings.Contains(sr.result.stdout, v) {
					t.Errorf("authdeck %s: stdout shows a %s it did not ask for:\n%s", strings.Join(sr.step.args, " "), kind, sr.result.stdout)
				}
			}
		}
	}
}
