package store

import (
	"database/sql"
	"fmt"
	"time"
)

// UpdateOptions refine Update.
type UpdateOptions struct {
	// IfUnchangedSince, when non-zero, makes Update fail with ErrConflict
	// unless the stored profile exists and its Updated time equals this value
	// (the console passes the Updated it loaded, so it never clobbers a change
	// made in another terminal).
	IfUnchangedSince time.Time
	// CreateOnly makes Update fail with ErrExists when the name is taken.
	CreateOnly bool
}

// SaveOptions are the options of Save (the same as Update's).
type SaveOptions = UpdateOptions

// Update creates or changes the profile name under one exclusive lock: it
// loads the stored profile and its secrets (zero values, with Name set, when
// creating), lets fn change them, validates and writes the result. Fields fn
// does not touch keep their stored values (the note, for example). Name,
// Created, Updated, SecretStore and the state fields are kept by the store;
// fn's changes to them are ignored. Changing Endpoint, ClientKey, DeviceID,
// UID or the client secret drops the cached token. It returns the profile as
// stored.
func (s *Store) Update(name string, opts UpdateOptions, fn func(p *Profile, sec *Secrets) error) (Profile, error) {
	if err := ValidateName(name); err != nil {
		return Profile{}, err
	}
	var out Profile
	err := s.write(func(t *wtxn) error {
		now := s.now()
		i, found := t.find(name)
		switch {
		case found && opts.CreateOnly:
			return exists(name)
		case !opts.IfUnchangedSince.IsZero() && (!found || !t.profiles[i].Updated.Equal(opts.IfUnchangedSince)):
			return fmt.Errorf("profile %q: %w", name, ErrConflict)
		}
		var old Profile
		var oldSec Secrets
		if found {
			old = t.profiles[i]
			var err error
			if oldSec, err = t.secrets(&old); err != nil {
				return err
			}
		} else {
			old = Profile{Name: name, Created: now}
		}
		next, sec := clone(old), oldSec
		if err := fn(&next, &sec); err != nil {
			return err
		}
		next = clone(next) // fn may have handed in slices it still owns
		next.Name, next.Created, next.SecretStore, next.secretRef = name, old.Created, old.SecretStore, old.secretRef
		next.insecureHTTP = old.insecureHTTP && next.Endpoint == old.Endpoint // only the endpoint a version 1 file had
		next.LastUsed, next.Token, next.LastCall = old.LastUsed, old.Token, old.LastCall
		next.Updated = now
		if found {
			next.Updated = later(now, old.Updated)
		}
		if err := normalize(&next); err != nil {
			return err
		}
		if err := validateSecrets(name, &sec); err != nil {
			return err
		}
		dropToken := found && (next.Endpoint != old.Endpoint || next.ClientKey != old.ClientKey ||
			next.DeviceID != old.DeviceID || next.UID != old.UID || sec.ClientSecret != oldSec.ClientSecret)
		if dropToken && sec.AccessToken == oldSec.AccessToken {
			sec.AccessToken, sec.RefreshToken = "", ""
		}
		if dropToken || !found {
			next.Token = nil
			t.onState(func(tx *sql.Tx) error {
				if !found {
					return dropState(tx, name) // stale state of an older profile by that name
				}
				return putToken(tx, name, nil)
			})
		}
		if sec != oldSec || !found {
			if err := t.putSecrets(&next, sec); err != nil {
				return err
			}
		}
		if found {
			t.profiles[i] = next.config()
			t.dirty = true
		} else {
			t.insert(next)
		}
		out = public(next)
		return nil
	})
	if err != nil {
		return Profile{}, err
	}
	return out, nil
}

// Save creates or updates a profile from p's configuration fields (everything
// but Created, Updated, SecretStore and the state, which the store keeps).
// secrets nil keeps the stored secrets; non-nil replaces the client secret,
// the uid signature and timestamp, and the tokens when they are non-empty.
// It is Update with a function that copies p.
func (s *Store) Save(p Profile, secrets *Secrets, opts SaveOptions) error {
	_, err := s.Update(p.Name, opts, func(dst *Profile, sec *Secrets) error {
		keep := *dst
		*dst = clone(p)
		dst.Created, dst.Updated, dst.SecretStore = keep.Created, keep.Updated, keep.SecretStore
		if secrets != nil {
			sec.ClientSecret = secrets.ClientSecret
			sec.UIDSignature, sec.SignatureTimestamp = secrets.UIDSignature, secrets.SignatureTimestamp
			if secrets.AccessToken != "" {
				sec.AccessToken = secrets.AccessToken
			}
			if secrets.RefreshToken != "" {
				sec.RefreshToken = secrets.RefreshToken
			}
		}
		return nil
	})
	return err
}

// later returns now, or just after prev when the clock has not moved past it,
// so every save changes Updated.
func later(now, prev time.Time) time.Time {
	if !now.After(prev) {
		return prev.Add(time.Nanosecond)
	}
	return now
}

// Delete removes a profile, then its secrets (keyring items included) and
// its state.
func (s *Store) Delete(name string) error {
	return s.write(func(t *wtxn) error {
		i, ok := t.find(name)
		if !ok {
			return notFound(name)
		}
		t.dropSecrets(&t.profiles[i])
		t.remove(name)
		t.onState(func(tx *sql.Tx) error { return dropState(tx, name) })
		return nil
	})
}

// Rename gives a profile a new name, moving its secrets and state.
func (s *Store) Rename(oldName, newName string) error {
	if err := ValidateName(newName); err != nil {
		return err
	}
	return s.write(func(t *wtxn) error {
		i, ok := t.find(oldName)
		if !ok {
			return notFound(oldName)
		}
		if _, taken := t.find(newName); taken {
			return exists(newName)
		}
		p := t.profiles[i]
		// The secrets stay under their reference, so the rename is one
		// write of profiles.json.
		np := p
		np.Name = newName
		np.Updated = later(s.now(), p.Updated)
		if p.SecretStore != "" {
			np.secretRef = p.ref()
		}
		t.remove(oldName)
		t.insert(np)
		t.onState(func(tx *sql.Tx) error { return renameState(tx, oldName, newName) })
		return nil
	})
}

// Copy creates dst with the configuration and client secret of src (and the
// uid signature); the cached token, history and last-used time are not
// copied.
func (s *Store) Copy(src, dst string) error {
	if err := ValidateName(dst); err != nil {
		return err
	}
	return s.write(func(t *wtxn) error {
		i, ok := t.find(src)
		if !ok {
			return notFound(src)
		}
		if _, taken := t.find(dst); taken {
			return exists(dst)
		}
		p := t.profiles[i]
		sec, err := t.secrets(&p)
		if err != nil {
			return err
		}
		now := s.now()
		np := clone(p)
		np.Name, np.Created, np.Updated, np.SecretStore, np.secretRef = dst, now, now, "", ""
		if err := t.putSecrets(&np, Secrets{ClientSecret: sec.ClientSecret, UIDSignature: sec.UIDSignature, SignatureTimestamp: sec.SignatureTimestamp}); err != nil {
			return err
		}
		t.insert(np)
		t.onState(func(tx *sql.Tx) error { return dropState(tx, dst) })
		return nil
	})
}
