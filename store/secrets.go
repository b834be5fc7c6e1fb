package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/zalando/go-keyring"
)

// Keyring item names under the service "authdeck:<reference>".
const (
	itemClientSecret = "client-secret"
	itemUIDSignature = "uid-signature"
	itemSignatureTS  = "signature-timestamp"
	// itemTokens holds both tokens as one JSON object, so a token save is
	// one keyring write: never a new access token beside an old refresh
	// token.
	itemTokens = "tokens"
	// The tokens' items before itemTokens existed: read when itemTokens is
	// missing, deleted when it is written.
	itemAccessToken  = "access-token"
	itemRefreshToken = "refresh-token"
)

// configItems lists the keyring items of sec other than the tokens, with
// where each value lives.
func configItems(sec *Secrets) []struct {
	item string
	v    *string
} {
	return []struct {
		item string
		v    *string
	}{
		{itemClientSecret, &sec.ClientSecret}, {itemUIDSignature, &sec.UIDSignature}, {itemSignatureTS, &sec.SignatureTimestamp},
	}
}

func keyringService(profile string) string { return "authdeck:" + profile }

// keyringCall runs fn bounded by the keyring timeout. A call that does not
// return in time is abandoned (its goroutine may stay blocked) and reported
// as a *KeyringTimeoutError.
func (s *Store) keyringCall(op, profile string, fn func() error) error {
	if s.krHung.Load() {
		return &KeyringTimeoutError{Op: op, Profile: profile, Waited: s.keyringTimeout}
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	timer := time.NewTimer(s.keyringTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		s.krHung.Store(true)
		return &KeyringTimeoutError{Op: op, Profile: profile, Waited: s.keyringTimeout}
	}
}

// keyringGet reads the secrets kept under ref; missing items are "".
// name is the profile's, for errors.
func (s *Store) keyringGet(name, ref string) (Secrets, *TokenMeta, error) {
	var out Secrets
	var meta *TokenMeta
	err := s.keyringCall("read", name, func() error {
		get := func(item string) (string, error) {
			v, err := s.kr.Get(keyringService(ref), item)
			if errors.Is(err, keyring.ErrNotFound) {
				return "", nil
			}
			return v, err
		}
		for _, it := range configItems(&out) {
			v, err := get(it.item)
			if err != nil {
				return err
			}
			*it.v = v
		}
		raw, err := s.kr.Get(keyringService(ref), itemTokens)
		switch {
		case err == nil:
			var tp tokenPair
			if err := json.Unmarshal([]byte(raw), &tp); err != nil {
				return fmt.Errorf("item %q is not a JSON object", itemTokens)
			}
			out.AccessToken, out.RefreshToken, meta = tp.AccessToken, tp.RefreshToken, tp.tokenMeta()
			return nil
		case !errors.Is(err, keyring.ErrNotFound):
			return err
		}
		if out.AccessToken, err = get(itemAccessToken); err != nil {
			return err
		}
		out.RefreshToken, err = get(itemRefreshToken)
		return err
	})
	if err != nil {
		return Secrets{}, nil, keyringErr("read", name, err)
	}
	return out, meta, nil
}

// keyringPut writes all secrets of sec under ref; an empty value deletes
// its item. name is the profile's, for errors.
func (s *Store) keyringPut(name, ref string, sec Secrets) error {
	err := s.keyringCall("write", name, func() error {
		for _, it := range configItems(&sec) {
			var err error
			if *it.v == "" {
				err = s.kr.Delete(keyringService(ref), it.item)
				if errors.Is(err, keyring.ErrNotFound) {
					err = nil
				}
			} else {
				err = s.kr.Set(keyringService(ref), it.item, *it.v)
			}
			if err != nil {
				return err
			}
		}
		return s.putTokensItem(ref, tokenPair{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken})
	})
	return keyringErr("write", name, err)
}

// keyringPutTokens replaces the tokens kept under ref in one keyring write.
func (s *Store) keyringPutTokens(ref string, tp tokenPair) error {
	name := refName(ref)
	err := s.keyringCall("write", name, func() error { return s.putTokensItem(ref, tp) })
	return keyringErr("write", name, err)
}

// putTokensItem writes the tokens item (an empty pair too: it hides the
// older per-token items), then deletes the older items.
func (s *Store) putTokensItem(ref string, tp tokenPair) error {
	data, err := json.Marshal(tp)
	if err != nil {
		return err
	}
	if err := s.kr.Set(keyringService(ref), itemTokens, string(data)); err != nil {
		return err
	}
	for _, item := range []string{itemAccessToken, itemRefreshToken} {
		if err := s.kr.Delete(keyringService(ref), item); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return err
		}
	}
	return nil
}

// keyringDelete removes every item kept under ref.
func (s *Store) keyringDelete(ref string) error {
	name := refName(ref)
	err := s.keyringCall("delete", name, func() error {
		for _, item := range []string{itemClientSecret, itemUIDSignature, itemSignatureTS, itemTokens, itemAccessToken, itemRefreshToken} {
			if err := s.kr.Delete(keyringService(ref), item); err != nil && !errors.Is(err, keyring.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	return keyringErr("delete", name, err)
}

func keyringErr(op, profile string, err error) error {
	if err == nil {
		return nil
	}
	var te *KeyringTimeoutError
	if errors.As(err, &te) {
		return err
	}
	return &KeyringError{Op: op, Profile: profile, Err: err}
}

// autoStore decides, once per Store, where new secrets go in automatic
// mode: the keyring when a probe read works, else the file (with a notice).
// A probe that times out is an error: the keyring exists but hangs.
func (s *Store) autoStore() (SecretStore, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.probed {
		err := s.keyringCall("read", "(probe)", func() error {
			_, err := s.kr.Get(keyringService("(probe)"), "probe")
			if errors.Is(err, keyring.ErrNotFound) {
				return nil
			}
			return err
		})
		var te *KeyringTimeoutError
		if errors.As(err, &te) {
			return "", err
		}
		s.probed = true
		if err != nil {
			s.krReason = err.Error()
		}
	}
	if s.krReason != "" {
		s.noticeLocked()
		return SecretFile, nil
	}
	return SecretKeyring, nil
}

// ProbeKeyring tries one read from the OS keyring (an item that does not
// exist) within the keyring timeout: nil when the keyring answers, else a
// *KeyringTimeoutError or *KeyringError saying why not. It changes nothing
// and sends no notice.
func (s *Store) ProbeKeyring() error {
	err := s.keyringCall("read", "(probe)", func() error {
		_, err := s.kr.Get(keyringService("(probe)"), "probe")
		if errors.Is(err, keyring.ErrNotFound) {
			return nil
		}
		return err
	})
	return keyringErr("read", "(probe)", err)
}

// noticeLocked writes the fallback notice once; s.mu is held.
func (s *Store) noticeLocked() {
	if s.noticed {
		return
	}
	s.noticed = true
	fmt.Fprintf(s.warn, "authdeck: the OS keyring is not available (%s); secrets are kept in %s (mode 0600) instead. Choose the file secret store to silence the notice.\n",
		s.krReason, s.secretsPath())
}

// fallBack records that the keyring refused an item (too big) in automatic
// mode, and tells the user once.
func (s *Store) fallBack(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.krReason == "" {
		s.krReason = reason
	}
	s.noticeLocked()
}

// KeyringFallback says why secrets go to secrets.json although the keyring
// was not ruled out by configuration, or "" when they do not (keyring in
// use, keyring not tried yet, or the file chosen on purpose).
func (s *Store) KeyringFallback() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.krReason
}

func validateSecrets(name string, sec *Secrets) error {
	for _, it := range append(configItems(sec), []struct {
		item string
		v    *string
	}{{itemAccessToken, &sec.AccessToken}, {itemRefreshToken, &sec.RefreshToken}}...) {
		if !utf8.ValidString(*it.v) {
			return &FieldError{name, it.item, "is not valid UTF-8 text; retype it"}
		}
	}
	return nil
}
