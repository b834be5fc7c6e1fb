package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestSignMakesASignatureTheServerAccepts(t *testing.T) {
	t.Parallel()
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true})
	c := demoCLI(t)
	out := c.runStdin(fakeserver.DemoAccountSecret+"\n", "sign", "--uid", "user-42", "--account-secret-stdin", "-o", "json").want(t, exitOK).stdout
	var s struct{ UID, UIDSignature, SignatureTimestamp string }
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.UID != "user-42" || s.UIDSignature == "" || s.SignatureTimestamp == "" {
		t.Fatalf("sign -o json = %q (%v)", out, err)
	}
	c.with(envUIDSignature, s.UIDSignature).run("token", "--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey,
		"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other",
		"--uid", "user-42", "--signature-timestamp", s.SignatureTimestamp).want(t, exitOK)
	if body := rec.Last(t).Body; !strings.Contains(body, `"uidSignature":"`+s.UIDSignature+`"`) {
		t.Errorf("the signature from the environment was not sent: %s", body)
	}

	env := c.with(envAccountSecret, fakeserver.DemoAccountSecret).run("sign", "--uid", "user-42", "-o", "env").want(t, exitOK).stdout
	if !strings.Contains(env, "export "+envUIDSignature+"=") || !strings.Contains(env, "export AUTHDECK_SIGNATURE_TIMESTAMP=") {
		t.Errorf("sign -o env = %q", env)
	}
}

func TestSignBadInput(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.run("sign", "--uid", "u").want(t, exitBadArgs)
	c.runStdin("c2VjcmV0", "sign", "--account-secret-stdin").want(t, exitBadArgs)
	r := c.runStdin("not base64!", "sign", "--uid", "u", "--account-secret-stdin").want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "base64") || strings.Contains(r.stderr, "not base64!") {
		t.Errorf("stderr %q: want it to say base64 and not quote the secret", r.stderr)
	}
}
