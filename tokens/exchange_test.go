package tokens

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// TestHistoryKeepsMaskedExchange: a signed-in issue and a refresh against
// the fake server keep their request and response in state.db, and not
// one byte of the client secret, uid signature, access or refresh tokens
// is in the database files.
func TestHistoryKeepsMaskedExchange(t *testing.T) {
	const key, secret = "client-key-hist-xxxxxxxxxxxxxxxx", "secret-SECRET-hist-0a1b2c"
	srv := fakeservertest.New(t, fakeserver.Config{Clients: map[string]string{key: secret}})
	dir := filepath.Join(t.TempDir(), "authdeck")
	s, _ := openTest(t, store.Options{Dir: dir})
	sig, ts, err := tokenclient.SignUID(fakeserver.DemoAccountSecret, "uid-hist-42", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := sampleProfile("signed")
	p.Endpoint, p.ClientKey, p.UID = srv.URL, key, "uid-hist-42"
	if err := s.Save(p, &store.Secrets{ClientSecret: secret, UIDSignature: sig, SignatureTimestamp: ts}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	is := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	first, err := s.Token(context.Background(), "signed", TokenOptions{Fresh: true}, is)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Token(context.Background(), "signed", TokenOptions{ForceRefresh: true}, is)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{secret, sig, first.Response.AccessToken, first.Response.RefreshToken, second.Response.AccessToken, second.Response.RefreshToken}

	h := histOf(t, s, "signed")
	if len(h) != 2 {
		t.Fatalf("%d history entries, want 2", len(h))
	}
	for i, kind := range []string{store.KindIssue, store.KindRefresh} {
		e, err := s.HistoryCall(h[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		x := e.Exchange
		if e.Kind != kind || x == nil || x.Response == nil {
			t.Fatalf("call %d: kind %s, exchange %+v", e.ID, e.Kind, x)
		}
		if x.Request.Method != "POST" || !strings.HasPrefix(x.Request.URL, srv.URL+"/identity/v3/token") ||
			!strings.Contains(x.Request.Body, `"clientKey":"`+key+`"`) || !strings.Contains(x.Request.Body, `"uid":"uid-hist-42"`) ||
			!strings.Contains(x.Request.Body, tokenclient.Mask) {
			t.Errorf("%s request %+v", kind, x.Request)
		}
		if x.Response.Status != 200 || !strings.Contains(x.Response.Body, `"accessToken":"`+tokenclient.Mask+`"`) || len(x.Response.Headers) == 0 {
			t.Errorf("%s response %+v", kind, x.Response)
		}
		if kind == store.KindRefresh && !strings.Contains(x.Request.Body, `"refreshToken":"`+tokenclient.Mask+`"`) {
			t.Errorf("refresh body %s", x.Request.Body)
		}
	}
	s.Close()
	scanned := 0
	for _, f := range []string{"state.db", "state.db-wal"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		scanned += len(data)
		for _, sec := range secrets {
			if sec != "" && strings.Contains(string(data), sec) {
				t.Errorf("%s holds the secret %.12s…", f, sec)
			}
		}
	}
	if scanned == 0 {
		t.Fatal("no state.db bytes to scan")
	}
}

// TestMaskText: token fields, JWTs and the given values are masked in a
// body, whatever the field is called.
func TestMaskText(t *testing.T) {
	in := `{"accessToken":"abc","refresh_token":"r\"x","clientSecret":"","other":"eyJhbGciOi.eyJzdWIiOjF9.sig","note":"has SECRETVALUE-12345 inside"}`
	got := maskText(in, []string{"SECRETVALUE-12345"})
	want := `{"accessToken":"` + tokenclient.Mask + `","refresh_token":"` + tokenclient.Mask + `","clientSecret":"","other":"` + tokenclient.Mask +
		`","note":"has ` + tokenclient.Mask + ` inside"}`
	if got != want {
		t.Errorf("maskText:\n got %s\nwant %s", got, want)
	}
}
