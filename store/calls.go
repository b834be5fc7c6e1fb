package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// TokenRead is one profile as a token request needs it, read under the
// shared lock: its configuration with its state, and its secrets when they
// were asked for.
type TokenRead struct {
	Profile Profile
	Secrets Secrets
	// SecretsRead is true when the secrets were read (SecretsErr nil).
	SecretsRead bool
	// SecretsErr is why the secrets could not be read.
	SecretsErr error
}

// ReadForToken reads the named profile with its state (one state.db read)
// under the shared lock and, when withSecrets is nil or reports true for
// it, its secrets in the same lock. The profile is a deep copy, safe to
// change. A name that does not exist is ErrNotFound.
func (s *Store) ReadForToken(name string, withSecrets func(*Profile) bool) (TokenRead, error) {
	var out TokenRead
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		one := []Profile{clone(profiles[i])}
		s.fillState(one, name)
		out.Profile = one[0]
		if withSecrets != nil && !withSecrets(&out.Profile) {
			return nil
		}
		var meta *TokenMeta
		out.Secrets, meta, out.SecretsErr = s.readSecretsMeta(&out.Profile, nil)
		out.SecretsRead = out.SecretsErr == nil
		if meta != nil {
			out.Profile.Token = meta // kept with the token, so it is this token's
		}
		return nil
	})
	return out, err
}

// ReadCached reads what a cache hit needs, under the shared lock: the
// named profile and its secrets, with Profile.Token set from the expiry
// kept beside the tokens (the token file or keyring item). state.db is
// opened only for tokens saved without their expiry (by an older
// authdeck). LastUsed and LastCall are not read. A name that does not
// exist is ErrNotFound; a failure to read the secrets is SecretsErr.
func (s *Store) ReadCached(name string) (TokenRead, error) {
	var out TokenRead
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		out.Profile = clone(profiles[i])
		var meta *TokenMeta
		out.Secrets, meta, out.SecretsErr = s.readSecretsMeta(&out.Profile, nil)
		out.SecretsRead = out.SecretsErr == nil
		switch {
		case !out.SecretsRead || out.Secrets.AccessToken == "":
		case meta != nil:
			out.Profile.Token = meta
		default:
			one := []Profile{out.Profile}
			s.fillState(one, name)
			out.Profile.Token = one[0].Token
		}
		return nil
	})
	return out, err
}

// LockToken takes the lock held while a token request for the named
// profile is in flight, waiting at most the store's lock timeout plus
// extra (the time another process's request may take) or until ctx ends.
// One lock per profile: requests for different profiles run in parallel.
// The caller must call unlock.
func (s *Store) LockToken(ctx context.Context, name string, extra time.Duration) (unlock func(), err error) {
	return lockFileCtx(ctx, s.tokenLockPath(name), true, s.lockTimeout+extra, "requesting a token")
}

// tokenLockPath is the lock file held while a token request for profile
// name is in flight: token-locks/<hash of the name>.lock, one per profile
// (hashed so any profile name makes a safe, fixed-length file name). When
// the directory cannot be made or is not a plain directory, the store-wide
// token.lock serialises every request instead, as before.
func (s *Store) tokenLockPath(name string) string {
	dir := filepath.Join(s.dir, tokenLockDir)
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return filepath.Join(s.dir, tokenLock)
	}
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return filepath.Join(s.dir, tokenLock)
	}
	sum := sha256.Sum256([]byte(name))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".lock")
}

// ReceivedToken is a token to cache under a profile: the tokens go to the
// secret store, Meta to state.db.
type ReceivedToken struct {
	AccessToken  string
	RefreshToken string
	// KeepRefresh keeps the stored refresh token when RefreshToken is ""
	// (a refresh the server answered without rotating it).
	KeepRefresh bool
	Meta        TokenMeta
}

// Calls is what one token request changed: the calls made, for the
// history, and what becomes of the cached token.
type Calls struct {
	History []HistoryEntry // one per request sent, in order
	// Token, when not nil, is cached under the profile.
	Token *ReceivedToken
	// Forget drops the cached access and refresh tokens (the refresh token
	// was refused and nothing replaced it). Ignored when Token is set.
	Forget bool
	// Setup, when not nil, is the profile the request was built from: the
	// token is cached (or forgotten) only when the stored profile still has
	// its endpoint, client key, device id and uid.
	Setup *Profile
}

// RecordCalls writes c for the named profile: the history entries always
// (also when caching the token fails), and the token change under the
// exclusive lock, the secrets before the metadata (so a crash leaves older
// metadata beside a newer token, never the reverse). With no token change
// it takes no exclusive lock. A profile deleted meanwhile is ErrNotFound
// and nothing is written.
func (s *Store) RecordCalls(name string, c Calls) error {
	if c.Token == nil && !c.Forget {
		// Nothing but history: no file changes, so no exclusive lock.
		err := s.read(func(profiles []Profile) error {
			if _, ok := find(profiles, name); !ok {
				return notFound(name)
			}
			return nil
		})
		if err != nil || len(c.History) == 0 {
			return err
		}
		return s.stateWrite(func(tx *sql.Tx) error {
			for _, e := range c.History {
				if err := addHistory(tx, e, s.historyLimit); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return s.write(func(t *wtxn) error {
		t.commitOnError = true
		i, ok := t.find(name)
		if !ok {
			return fmt.Errorf("%w (deleted while the token was requested; token not saved)", notFound(name))
		}
		tp := &t.profiles[i]
		for _, e := range c.History {
			t.onState(func(tx *sql.Tx) error { return addHistory(tx, e, s.historyLimit) })
		}
		if p := c.Setup; p != nil &&
			(tp.Endpoint != p.Endpoint || tp.ClientKey != p.ClientKey || tp.DeviceID != p.DeviceID || tp.UID != p.UID) {
			return nil // the profile changed meanwhile; this token belongs to its old setup
		}
		cur, err := t.secrets(tp)
		if err != nil {
			return fmt.Errorf("token received but not saved: %w", err)
		}
		if c.Token == nil { // forget the dead tokens
			cur.AccessToken, cur.RefreshToken = "", ""
			t.onState(func(tx *sql.Tx) error { return putToken(tx, name, nil) })
			return t.putSecrets(tp, cur)
		}
		return t.storeToken(tp, &cur, *c.Token)
	})
}

// keepMeta writes the token's expiry into the token file or keyring item
// of p, with the tokens of sec, in the same commit as the token.
func (t *wtxn) keepMeta(p *Profile, sec Secrets, meta *TokenMeta) {
	tp := tokenPair{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken, Meta: metaOf(meta)}
	switch p.SecretStore {
	case SecretKeyring:
		t.krTokens[p.ref()] = tp
	case SecretFile:
		t.tokens[p.ref()] = tp
	}
}

// storeToken saves a received token: the tokens to the secret store, the
// metadata to state.db (after the secrets, so a crash leaves older metadata
// beside a newer token, never the reverse).
func (t *wtxn) storeToken(p *Profile, sec *Secrets, tok ReceivedToken) error {
	sec.AccessToken = tok.AccessToken
	if tok.RefreshToken != "" || !tok.KeepRefresh {
		sec.RefreshToken = tok.RefreshToken
	}
	if err := t.putSecrets(p, *sec); err != nil {
		t.onState(func(tx *sql.Tx) error { return putToken(tx, p.Name, nil) })
		return fmt.Errorf("token received but not saved: %w", err)
	}
	meta := tok.Meta
	meta.ExpiresAt = clampTime(meta.ExpiresAt)
	meta.ObtainedAt = clampTime(meta.ObtainedAt)
	t.keepMeta(p, *sec, &meta)
	name := p.Name
	t.onState(func(tx *sql.Tx) error { return putToken(tx, name, &meta) })
	return nil
}
