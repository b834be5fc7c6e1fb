package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// openAuto opens a store in automatic secret-store mode with kr as the
// keyring (nil = go-keyring, whose mock the test has set up).
func openAuto(t *testing.T, kr keyringAPI, forced SecretStore) (*Store, *syncWriter) {
	t.Helper()
	warn := &syncWriter{w: new(bytes.Buffer)}
	s, err := Open(Options{Dir: filepath.Join(t.TempDir(), "authdeck"), Warn: warn, SecretStore: forced, KeyringTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if kr != nil {
		s.kr = kr
	}
	return s, warn
}

func TestKeyringHappyPath(t *testing.T) {
	keyring.MockInit()
	s, warn := openAuto(t, nil, "")
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Get("a")
	if p.SecretStore != SecretKeyring {
		t.Errorf("SecretStore = %q, want keyring", p.SecretStore)
	}
	refA := refOf(t, s, "a")
	tokens, _ := json.Marshal(tokenPair{AccessToken: testAccessToken, RefreshToken: testRefreshToken})
	for item, want := range map[string]string{itemClientSecret: testClientSecret, itemTokens: string(tokens)} {
		if got, err := keyring.Get("authdeck:"+refA, item); err != nil || got != want {
			t.Errorf("keyring item %s: %v", item, err)
		}
	}
	if sec, err := s.Secrets("a"); err != nil || sec != testSecrets {
		t.Errorf("Secrets = %v", err)
	}
	assertNoSecret(t, "store directory", dirContents(t, s.Dir()))
	if warn.String() != "" || s.KeyringFallback() != "" {
		t.Errorf("notice although the keyring works: %q", warn)
	}

	if err := s.Rename("a", "b"); err != nil {
		t.Fatal(err)
	}
	if refOf(t, s, "b") != refA {
		t.Errorf("rename moved the secrets to another reference")
	}
	if sec, _ := s.Secrets("b"); sec != testSecrets {
		t.Errorf("secrets after rename: lost")
	}
	if err := s.Delete("b"); err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{itemClientSecret, itemTokens} {
		if _, err := keyring.Get("authdeck:"+refA, item); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("keyring item %s left after delete: %v", item, err)
		}
	}
}

func TestKeyringUnavailableFallsBackToFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	s, warn := openAuto(t, nil, "")
	for _, n := range []string{"a", "b"} {
		if err := s.Save(sampleProfile(n), &testSecrets, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := s.Get("a")
	if p.SecretStore != SecretFile {
		t.Errorf("SecretStore = %q, want file", p.SecretStore)
	}
	if sec, err := s.Secrets("b"); err != nil || sec != testSecrets {
		t.Errorf("Secrets: %v", err)
	}
	notice := warn.String()
	if strings.Count(notice, "OS keyring is not available") != 1 || !strings.Contains(notice, s.secretsPath()) {
		t.Errorf("want the notice exactly once, naming secrets.json; got %q", notice)
	}
	if !strings.Contains(s.KeyringFallback(), "org.freedesktop.secrets") {
		t.Errorf("KeyringFallback = %q", s.KeyringFallback())
	}
	assertNoSecret(t, "notice", notice)
	data, _ := os.ReadFile(s.Path())
	assertNoSecret(t, "profiles.json", string(data))
}

func TestForcedKeyringFailureIsAnError(t *testing.T) {
	keyring.MockInitWithError(errors.New("no secret service"))
	s, warn := openAuto(t, nil, SecretKeyring)
	err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{})
	var ke *KeyringError
	if !errors.As(err, &ke) {
		t.Fatalf("got %v, want a *KeyringError", err)
	}
	assertNoSecret(t, "error", err.Error())
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Error("profiles.json written although the secrets could not be stored")
	}
	if _, err := os.Stat(s.secretsPath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("secrets.json written: a forced keyring must not fall back")
	}
	if warn.String() != "" {
		t.Errorf("fallback notice with a forced keyring: %q", warn)
	}
}

// hangingKeyring blocks every call until released.
type hangingKeyring struct {
	release chan struct{}
	once    sync.Once
}

func newHangingKeyring(t *testing.T) *hangingKeyring {
	h := &hangingKeyring{release: make(chan struct{})}
	t.Cleanup(func() { h.once.Do(func() { close(h.release) }) })
	return h
}

func (h *hangingKeyring) Get(string, string) (string, error) {
	<-h.release
	return "", keyring.ErrNotFound
}
func (h *hangingKeyring) Set(string, string, string) error { <-h.release; return nil }
func (h *hangingKeyring) Delete(string, string) error      { <-h.release; return nil }

func TestHangingKeyringTimesOut(t *testing.T) {
	for _, forced := range []SecretStore{"", SecretKeyring} {
		t.Run("mode="+string(forced), func(t *testing.T) {
			s, _ := openAuto(t, newHangingKeyring(t), forced)
			err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{})
			var te *KeyringTimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *KeyringTimeoutError", err)
			}
			if !strings.Contains(err.Error(), "nothing was stored in plain text") {
				t.Errorf("message: %v", err)
			}
			assertNoSecret(t, "error", err.Error())
			assertNoSecret(t, "store directory", dirContents(t, s.Dir()))
			if _, err := os.Stat(s.secretsPath()); !errors.Is(err, os.ErrNotExist) {
				t.Error("secrets.json written after a keyring timeout")
			}
			// Later calls fail at once instead of waiting again.
			start := time.Now()
			if err := s.Save(sampleProfile("b"), &testSecrets, SaveOptions{}); !errors.As(err, &te) {
				t.Errorf("second save: %v", err)
			}
			if time.Since(start) > 5*time.Second {
				t.Error("second call waited for the keyring again")
			}
		})
	}
}

func TestHangingKeyringOnRead(t *testing.T) {
	keyring.MockInit()
	s, _ := openAuto(t, nil, "")
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	s.kr = newHangingKeyring(t)
	_, err := s.Secrets("a")
	var te *KeyringTimeoutError
	if !errors.As(err, &te) || te.Op != "read" || te.Profile != "a" {
		t.Errorf("got %v", err)
	}
}

// tooBigKeyring refuses every Set as too big.
type tooBigKeyring struct{}

func (tooBigKeyring) Get(string, string) (string, error) { return "", keyring.ErrNotFound }
func (tooBigKeyring) Set(string, string, string) error   { return keyring.ErrSetDataTooBig }
func (tooBigKeyring) Delete(string, string) error        { return keyring.ErrNotFound }

func TestKeyringItemTooBigFallsBackToFile(t *testing.T) {
	s, warn := openAuto(t, tooBigKeyring{}, "")
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Get("a")
	if p.SecretStore != SecretFile {
		t.Errorf("SecretStore = %q", p.SecretStore)
	}
	if sec, _ := s.Secrets("a"); sec != testSecrets {
		t.Error("secrets lost")
	}
	if !strings.Contains(warn.String(), "too big") {
		t.Errorf("notice: %q", warn)
	}
}

func TestForcedFileMovesSecretsOutOfKeyring(t *testing.T) {
	keyring.MockInit()
	s, _ := openAuto(t, nil, "")
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := Open(Options{Dir: s.Dir(), SecretStore: SecretFile, Warn: &syncWriter{w: new(bytes.Buffer)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Save(sampleProfile("a"), &Secrets{ClientSecret: "new-secret"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	p, _ := f.Get("a")
	if p.SecretStore != SecretFile {
		t.Errorf("SecretStore = %q", p.SecretStore)
	}
	if _, err := keyring.Get("authdeck:a", itemClientSecret); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring item left behind: %v", err)
	}
	if sec, _ := f.Secrets("a"); sec.ClientSecret != "new-secret" {
		t.Errorf("secrets = %+v", sec)
	}
}

func TestErrorsNeverHoldSecrets(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	var errs []error
	p := sampleProfile("b")
	p.Endpoint = "https://user:" + testClientSecret + "@api.example.com"
	errs = append(errs, s.Save(p, &testSecrets, SaveOptions{}))
	for _, doc := range []string{
		`{"version": 1, "profiles": [{"name": "x", "endpoint": "https://x.example.com", "secrets": {"clientSecret": "` + testClientSecret + `", "bogus": 1}}]}`,
		`{"version": 1, "profiles": [{"name": "x", "endpoint": "https://x.example.com", "secrets": {"clientSecret": "` + testClientSecret + `\q"}}]}`,
		`{"version": 1, "profiles": [{"name": "x", "endpoint": "https://x.example.com", "secrets": {"accessToken": "` + testAccessToken + "\x01" + `"}}]}`,
		`{"version": 1, "profiles": [{"name": "x", "endpoint": "https://x.example.com", "secrets": {"refreshToken": "` + testRefreshToken,
		`{"version": 1, "profiles": [{"name": "a", "endpoint": "https://x.example.com", "secrets": {"refreshToken": "` + testRefreshToken + `"}}]}`,
	} {
		_, err := s.Import([]byte(doc), false)
		errs = append(errs, err)
	}
	keyring.MockInitWithError(errors.New("keyring locked"))
	k, _ := openAuto(t, nil, SecretKeyring)
	errs = append(errs, k.Save(sampleProfile("a"), &testSecrets, SaveOptions{}))
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		assertNoSecret(t, "error", err.Error())
	}
}

// failingKeyring accepts the first n writes, then fails.
type failingKeyring struct {
	mu   sync.Mutex
	left int
}

func (f *failingKeyring) Get(string, string) (string, error) { return "", keyring.ErrNotFound }
func (f *failingKeyring) Delete(string, string) error        { return nil }
func (f *failingKeyring) Set(string, string, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.left == 0 {
		return errors.New("keyring full")
	}
	f.left--
	return nil
}

func TestImportIsAllOrNothing(t *testing.T) {
	s, _ := openAuto(t, &failingKeyring{left: 3}, SecretKeyring)
	var ps []Profile
	var secs []*Secrets
	for _, n := range []string{"a", "b", "c"} {
		ps = append(ps, sampleProfile(n))
		secs = append(secs, &testSecrets)
	}
	if _, err := s.Import(mustEncode(t, ps, secs), false); err == nil {
		t.Fatal("import succeeded although the keyring failed")
	}
	if got, _ := s.List(); len(got) != 0 {
		t.Errorf("a failed import left %d profiles", len(got))
	}
}
