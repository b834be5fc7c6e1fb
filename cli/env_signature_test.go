package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// TestUIDSignatureFromTheEnvironmentInEveryCommand: $AUTHDECK_UID_SIGNATURE
// stands in for --uid-signature-stdin in token and refresh with and
// without -p and in profiles save, and save never keeps a signature
// timestamp without its signature.
func TestUIDSignatureFromTheEnvironmentInEveryCommand(t *testing.T) {
	rec := fakeservertest.NewRecorder(t, fakeserver.Config{Strict: true})
	const uid = "9c2b2e1f0a7d4e5b"
	sig, ts, err := tokenclient.SignUID(fakeserver.DemoAccountSecret, uid, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := demoCLI(t)
	signed := c.with(envUIDSignature, sig)
	sent := func(what string) {
		t.Helper()
		body := rec.Last(t).Body
		if !strings.Contains(body, `"uidSignature":"`+sig+`"`) || !strings.Contains(body, `"signatureTimestamp":"`+ts+`"`) {
			t.Errorf("%s: the signature from the environment was not sent: %s", what, body)
		}
	}
	std := []string{"--endpoint", rec.URL, "--client-key", fakeserver.DemoClientKey, "--device-id", testDeviceID,
		"--device-info", testDeviceInfo, "--network-type", "other"}

	// Without -p.
	signed.run(append([]string{"token", "--uid", uid, "--signature-timestamp", ts}, std...)...).want(t, exitOK)
	sent("token")

	// profiles save without the signature: refused, nothing saved.
	r := c.run(append([]string{"profiles", "save", "web", "--uid", uid, "--signature-timestamp", ts}, std...)...).want(t, exitBadArgs)
	if !strings.Contains(r.stderr, "uidSignature") || !strings.Contains(r.stderr, "$"+envUIDSignature) {
		t.Errorf("save without a signature: stderr:\n%s", r.stderr)
	}
	if c.run("profiles", "show", "web").code == exitOK {
		t.Fatal("profiles save kept a profile whose signature timestamp has no signature")
	}
	// With it in the environment: saved with both, and token -p works
	// without the variable.
	signed.run(append([]string{"profiles", "save", "web", "--uid", uid, "--signature-timestamp", ts}, std...)...).want(t, exitOK)
	c.run("token", "-p", "web", "--fresh").want(t, exitOK)
	sent("token -p of the saved profile")

	// token -p and refresh -p of a profile without the signed-in fields.
	c.run(append([]string{"profiles", "save", "anon"}, std...)...).want(t, exitOK)
	signed.run("token", "-p", "anon", "--uid", uid, "--signature-timestamp", ts).want(t, exitOK)
	sent("token -p")
	c.run("token", "-p", "anon").want(t, exitOK) // caches a token to refresh
	r = signed.with(envRefreshToken, "not-this-one").run("refresh", "-p", "anon", "--uid", uid, "--signature-timestamp", ts).want(t, exitOK)
	sent("refresh -p")
	if !strings.Contains(r.stderr, "$"+envRefreshToken+" is not used with -p") {
		t.Errorf("refresh -p with $%s set: stderr:\n%s", envRefreshToken, r.stderr)
	}

	// A uid alone is a valid request: the variable is not used, and that is said.
	r = signed.run(append([]string{"token", "--uid", uid}, std...)...).want(t, exitOK)
	if body := rec.Last(t).Body; strings.Contains(body, "uidSignature") {
		t.Errorf("uid alone sent a signature: %s", body)
	}
	if !strings.Contains(r.stderr, "$"+envUIDSignature+" is set but not used") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, sig) {
		t.Errorf("stderr shows the signature:\n%s", r.stderr)
	}
}
