package store

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// SaveOptions refine Save.
type SaveOptions struct {
	// IfUnchangedSince, when non-zero, makes Save fail with ErrConflict unless
	// the stored profile exists and its Updated time equals this value (the
	// console passes the Updated it loaded, so it never clobbers a change made
	// in another terminal).
	IfUnchangedSince time.Time
	// CreateOnly makes Save fail with ErrExists when the name is taken.
	CreateOnly bool
}

// Save creates or updates a profile. Only the user-editable fields are taken
// from p (Name, Endpoint, ClientKey, DeviceID, DeviceInfo, NetworkType, Note);
// Created, Updated, LastUsed, Token, History and SecretStore are kept by the
// store. secrets nil keeps the stored secrets; non-nil replaces the client
// secret, and the tokens when they are non-empty. Changing Endpoint,
// ClientKey, DeviceID or the client secret drops the cached token.
func (s *Store) Save(p Profile, secrets *Secrets, opts SaveOptions) error {
	if err := validateProfile(&p); err != nil {
		return err
	}
	if secrets != nil {
		if err := validateSecrets(secrets); err != nil {
			return err
		}
	}
	return s.update(func(t *txn) error {
		now := s.now()
		cur, found := t.find(p.Name)
		switch {
		case found && opts.CreateOnly:
			return exists(p.Name)
		case !opts.IfUnchangedSince.IsZero() && (!found || !t.profiles[cur].Updated.Equal(opts.IfUnchangedSince)):
			return fmt.Errorf("profile %q: %w", p.Name, ErrConflict)
		}
		if !found {
			np := Profile{Name: p.Name, Created: now}
			copyEditable(&np, &p)
			np.Updated = now
			if secrets != nil {
				if err := t.putSecrets(&np, *secrets); err != nil {
					return err
				}
			}
			t.insert(np)
			return nil
		}
		old := t.at(cur)
		next := *old
		copyEditable(&next, &p)
		next.Updated = later(now, old.Updated)
		dropToken := next.Endpoint != old.Endpoint || next.ClientKey != old.ClientKey || next.DeviceID != old.DeviceID
		if secrets != nil || dropToken {
			sec, err := t.secrets(old)
			if err != nil {
				return err
			}
			if secrets != nil {
				dropToken = dropToken || secrets.ClientSecret != sec.ClientSecret
				sec.ClientSecret = secrets.ClientSecret
			}
			if dropToken {
				sec.AccessToken, sec.RefreshToken = "", ""
				next.Token = nil
			}
			if secrets != nil && secrets.AccessToken != "" {
				sec.AccessToken = secrets.AccessToken
			}
			if secrets != nil && secrets.RefreshToken != "" {
				sec.RefreshToken = secrets.RefreshToken
			}
			if err := t.putSecrets(&next, sec); err != nil {
				return err
			}
		}
		*old = next
		t.dirty = true
		return nil
	})
}

// later returns now, or just after prev when the clock has not moved past it,
// so every save changes Updated.
func later(now, prev time.Time) time.Time {
	if !now.After(prev) {
		return prev.Add(time.Nanosecond)
	}
	return now
}

func copyEditable(dst, src *Profile) {
	dst.Endpoint = src.Endpoint
	dst.ClientKey = src.ClientKey
	dst.DeviceID = src.DeviceID
	dst.DeviceInfo = src.DeviceInfo
	dst.DeviceInfo.Extra = clone(Profile{DeviceInfo: src.DeviceInfo}).DeviceInfo.Extra
	dst.NetworkType = src.NetworkType
	dst.Note = src.Note
}

// FieldError is a profile field Save refused.
type FieldError struct {
	Profile string
	Field   string
	Problem string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("profile %q: %s %s", e.Profile, e.Field, e.Problem)
}

// validateProfile checks the user-editable fields of p.
func validateProfile(p *Profile) error {
	if err := ValidateName(p.Name); err != nil {
		return err
	}
	if err := ValidateEndpoint(p.Endpoint); err != nil {
		return fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.NetworkType != "" && !p.NetworkType.Valid() {
		return &FieldError{p.Name, "networkType", fmt.Sprintf("%q is not one of other, wifi, cellular, ethernet", p.NetworkType)}
	}
	for _, f := range []struct{ name, v string }{
		{"clientKey", p.ClientKey}, {"deviceId", p.DeviceID}, {"note", p.Note},
		{"deviceInfo.model", p.DeviceInfo.Model}, {"deviceInfo.version", p.DeviceInfo.Version},
		{"deviceInfo.osName", p.DeviceInfo.OSName}, {"deviceInfo.osVersion", p.DeviceInfo.OSVersion},
	} {
		if !utf8.ValidString(f.v) {
			return &FieldError{p.Name, f.name, "is not valid UTF-8 text"}
		}
	}
	seen := map[string]bool{"model": true, "version": true, "osName": true, "osVersion": true}
	for _, x := range p.DeviceInfo.Extra {
		if !utf8.ValidString(x.Key) {
			return &FieldError{p.Name, "deviceInfo", "has an extra key that is not valid UTF-8 text"}
		}
		if seen[x.Key] {
			return &FieldError{p.Name, "deviceInfo", fmt.Sprintf("has key %q twice", x.Key)}
		}
		seen[x.Key] = true
		if !json.Valid(x.Value) {
			return &FieldError{p.Name, "deviceInfo." + x.Key, "is not a JSON value"}
		}
	}
	return nil
}

func validateSecrets(sec *Secrets) error {
	if !utf8.ValidString(sec.ClientSecret) || !utf8.ValidString(sec.AccessToken) || !utf8.ValidString(sec.RefreshToken) {
		return fmt.Errorf("a secret is not valid UTF-8 text")
	}
	return nil
}

// Delete removes a profile and its secrets (keyring items included).
func (s *Store) Delete(name string) error {
	return s.update(func(t *txn) error {
		p, err := t.get(name)
		if err != nil {
			return err
		}
		if err := t.dropSecrets(p); err != nil {
			return err
		}
		t.remove(name)
		return nil
	})
}

// Rename gives a profile a new name, moving its secrets.
func (s *Store) Rename(oldName, newName string) error {
	if err := ValidateName(newName); err != nil {
		return err
	}
	return s.update(func(t *txn) error {
		p, err := t.get(oldName)
		if err != nil {
			return err
		}
		if _, taken := t.find(newName); taken {
			return exists(newName)
		}
		sec, err := t.secrets(p)
		if err != nil {
			return err
		}
		np := *p
		np.Name = newName
		np.Updated = later(s.now(), p.Updated)
		if sec != (Secrets{}) {
			if err := t.putSecrets(&np, sec); err != nil {
				return err
			}
		}
		if err := t.dropSecrets(p); err != nil {
			return err
		}
		t.remove(oldName)
		t.insert(np)
		return nil
	})
}

// Copy creates dst with the configuration and client secret of src; the
// cached token, history and last-used time are not copied.
func (s *Store) Copy(src, dst string) error {
	if err := ValidateName(dst); err != nil {
		return err
	}
	return s.update(func(t *txn) error {
		p, err := t.get(src)
		if err != nil {
			return err
		}
		if _, taken := t.find(dst); taken {
			return exists(dst)
		}
		sec, err := t.secrets(p)
		if err != nil {
			return err
		}
		now := s.now()
		np := Profile{Name: dst, Created: now, Updated: now}
		copyEditable(&np, p)
		if sec.ClientSecret != "" {
			if err := t.putSecrets(&np, Secrets{ClientSecret: sec.ClientSecret}); err != nil {
				return err
			}
		}
		t.insert(np)
		return nil
	})
}
