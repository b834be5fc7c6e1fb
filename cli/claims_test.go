package cli

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unsignedJWT builds a JWT around claims; the signature is not checked.
func unsignedJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(claims)) + ".c2ln"
}

func TestClaimsDiffFromFilesAndStdin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jwt")
	b := filepath.Join(dir, "b.json")
	tokA := unsignedJWT(`{"iss":"NFL","exp":1795776291,"roles":["free"],"city":"X\u009b2J\u202eY"}`)
	tokB := unsignedJWT(`{"iss":"NFL","exp":1795779891,"plans":[{"plan":"free"}]}`)
	if err := os.WriteFile(a, []byte(tokA+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resp, _ := json.Marshal(map[string]any{"accessToken": tokB, "expiresIn": 1795779891, "refreshToken": "rt"})
	if err := os.WriteFile(b, resp, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	out := c.run("claims", "diff", a, b).want(t, exitOK).stdout
	for _, want := range []string{
		"~ exp    1795776291 (2026-11-27 10:44:51 UTC) → 1795779891 (2026-11-27 11:44:51 UTC)",
		`+ plans  [{"plan":"free"}]`,
		`- roles  ["free"]`,
		"- city",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("claims diff output lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\u009b\u202e") || strings.Contains(out, tokA) || strings.Contains(out, tokB) {
		t.Errorf("claims diff printed a control character or a token:\n%q", out)
	}

	out = c.runStdin(tokA, "claims", "diff", a, "-", "-o", "json").want(t, exitOK).stdout
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("a token against itself (json): %q, want []", out)
	}
	out = c.runStdin(tokA, "claims", "diff", "-", a).want(t, exitOK).stdout
	if !strings.Contains(out, "no differences") {
		t.Errorf("a token against itself: %q", out)
	}
}

func TestClaimsDiffBadInput(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.run("claims", "diff", "-", "-").want(t, exitBadArgs)
	r := c.run("claims", "diff", "nosuchprofile", "-").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "nosuchprofile") {
		t.Errorf("stderr %q does not name the missing profile", r.stderr)
	}
	tok := filepath.Join(t.TempDir(), "t")
	if err := os.WriteFile(tok, []byte(unsignedJWT(`{"a":1}`)), 0o600); err != nil {
		t.Fatal(err)
	}
	r = c.runStdin("opaque-token", "claims", "diff", "-", tok).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "first token") || !strings.Contains(r.stderr, "opaque") {
		t.Errorf("an opaque token: stderr %q, want it to say the first token is opaque", r.stderr)
	}
}
