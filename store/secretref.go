package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A profile's secrets are kept under a reference, not under its name: the
// keyring service "authdeck:REF", the key REF in secrets.json and the token
// file tokens/REF.json. profiles.json records each profile's reference
// ("secretRef"; a profile written before references existed uses its name).
// A save that changes a secret writes the secrets under a fresh reference and
// commits by writing profiles.json; the old reference is deleted after that.
// So a secret is never overwritten in place, and the profile read back is
// always the old one with the old secrets or the new one with the new.

// refSep separates the name from the random part of a reference; profile
// names cannot contain it, so a fresh reference never equals a name.
const refSep = "~"

// ref is the reference the secrets of p are kept under.
func (p *Profile) ref() string {
	if p.secretRef != "" {
		return p.secretRef
	}
	return p.Name
}

// refName is the profile name a reference was made for, for messages.
func refName(ref string) string {
	name, _, _ := strings.Cut(ref, refSep)
	return name
}

// newRef returns a fresh reference for a profile called name.
func newRef(name string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return name + refSep + hex.EncodeToString(b[:])
}

// validRef checks a reference read from profiles.json: a valid name,
// optionally followed by refSep and lower-case hex.
func validRef(ref string) error {
	name, suffix, found := strings.Cut(ref, refSep)
	if err := ValidateName(name); err != nil {
		return err
	}
	if found {
		if _, err := hex.DecodeString(suffix); err != nil || len(suffix) == 0 || len(suffix) > 32 || strings.ToLower(suffix) != suffix {
			return fmt.Errorf("secretRef %q is not NAME~HEX", ref)
		}
	}
	return nil
}

// refLoc is one reference in one secret store.
type refLoc struct {
	Ref   string      `json:"ref"`
	Store SecretStore `json:"store"`
}

// tokenPair is the content of a token file (and of the keyring's "tokens"
// item): both tokens of one reference, replaced together, with the access
// token's expiry when it was saved with it. Kept beside the token, the
// expiry answers a cache hit without opening state.db, and it can never
// belong to another token.
type tokenPair struct {
	AccessToken  string     `json:"accessToken"`
	RefreshToken string     `json:"refreshToken"`
	Meta         *tokenMeta `json:"meta,omitempty"`
}

// tokenMeta is TokenMeta as a token file or keyring item keeps it.
type tokenMeta struct {
	ExpiresIn  int64     `json:"expiresIn"`
	ExpiresAt  time.Time `json:"expiresAt"`
	ObtainedAt time.Time `json:"obtainedAt"`
	Relative   bool      `json:"relative,omitempty"`
}

func metaOf(m *TokenMeta) *tokenMeta {
	if m == nil {
		return nil
	}
	return &tokenMeta{ExpiresIn: m.ExpiresIn, ExpiresAt: m.ExpiresAt, ObtainedAt: m.ObtainedAt, Relative: m.Relative}
}

// tokenMeta returns the expiry kept with the tokens, nil when none was
// (tokens saved by an older authdeck, or no access token).
func (tp tokenPair) tokenMeta() *TokenMeta {
	if tp.Meta == nil || tp.AccessToken == "" {
		return nil
	}
	return &TokenMeta{ExpiresIn: tp.Meta.ExpiresIn, ExpiresAt: tp.Meta.ExpiresAt.UTC(), ObtainedAt: tp.Meta.ObtainedAt.UTC(), Relative: tp.Meta.Relative}
}

func (s *Store) tokenPath(ref string) string {
	return filepath.Join(s.dir, tokensDir, ref+".json")
}

// readTokenFile reads tokens/REF.json; ok is false when there is none.
func (s *Store) readTokenFile(ref string) (tokenPair, bool, error) {
	path := s.tokenPath(ref)
	data, fi, err := readFileStat(path)
	if err != nil || fi == nil {
		return tokenPair{}, false, err
	}
	var tp tokenPair
	if err := strictUnmarshal(data, &tp); err != nil {
		return tokenPair{}, false, corrupt(path, data, err)
	}
	return tp, true, nil
}

// writeTokenFile replaces tokens/REF.json (one atomic rename). An empty
// pair is written too: it hides tokens an older secrets.json kept for REF.
func (s *Store) writeTokenFile(ref string, tp tokenPair) error {
	dir := filepath.Join(s.dir, tokensDir)
	if err := checkKind(dir, true); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	data, err := json.Marshal(tp)
	if err != nil {
		return err
	}
	return writeAtomicVia(s.dir, dir, ref+".json", data)
}

// removeTokenFile deletes tokens/REF.json; missing is fine.
func (s *Store) removeTokenFile(ref string) error {
	err := os.Remove(s.tokenPath(ref))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// fileSecretsOf is the file store's secrets of ref: the entry in
// secrets.json (m) with the tokens from its token file when there is one,
// and the access token's expiry when the token file keeps it.
func (s *Store) fileSecretsOf(m map[string]Secrets, ref string) (Secrets, *TokenMeta, error) {
	sec := m[ref]
	tp, ok, err := s.readTokenFile(ref)
	if err != nil {
		return Secrets{}, nil, err
	}
	if !ok {
		return sec, nil, nil
	}
	sec.AccessToken, sec.RefreshToken = tp.AccessToken, tp.RefreshToken
	return sec, tp.tokenMeta(), nil
}

// readJournal reads pending.json (nil when there is none).
func (s *Store) readJournal() ([]refLoc, error) {
	path := filepath.Join(s.dir, journalFile)
	data, fi, err := readFileStat(path)
	if err != nil || fi == nil {
		return nil, err
	}
	var doc struct {
		Refs []refLoc `json:"refs"`
	}
	if err := strictUnmarshal(data, &doc); err != nil {
		return nil, corrupt(path, data, err)
	}
	return doc.Refs, nil
}

// writeJournal replaces pending.json with refs.
func (s *Store) writeJournal(refs []refLoc) error {
	data, err := json.Marshal(struct {
		Refs []refLoc `json:"refs"`
	}{refs})
	if err != nil {
		return err
	}
	return writeAtomic(s.dir, journalFile, data)
}

// removeJournal deletes pending.json.
func (s *Store) removeJournal() error {
	err := os.Remove(filepath.Join(s.dir, journalFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(s.dir)
}
