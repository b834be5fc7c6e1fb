package store

import (
	"database/sql"
	"errors"
	"maps"
	"slices"

	"github.com/zalando/go-keyring"
)

// wtxn is one locked read-modify-write of the store. Changes are kept in
// memory; commit writes them in an order where a crash at any point leaves
// every profile with its secrets:
//
//  1. secrets.json with new and changed secrets added (nothing removed),
//  2. profiles.json,
//  3. secrets.json and keyring items with the secrets this write dropped
//     (deleted or renamed profiles, secrets moved to the other store),
//  4. state.db (token metadata, history, last-used) in one transaction.
//
// Secrets are only ever removed when this write dropped their profile, so a
// profile that is not currently readable (moved aside by Repair) keeps them.
type wtxn struct {
	s        *Store
	profiles []Profile // sorted by name
	dirty    bool

	file      map[string]Secrets // secrets.json, loaded on first use
	fileDirty bool
	gcFile    map[string]bool // names to remove from secrets.json after step 2
	gcKeyring map[string]bool // names whose keyring items go after step 2

	stateOps []func(tx *sql.Tx) error

	// commitOnError makes write commit the changes even when fn fails (the
	// token cache keeps the history of failed calls that way).
	commitOnError bool
}

// write runs fn under the exclusive lock on freshly read profiles and
// commits what it changed. When fn fails nothing is written. (Keyring items
// of a new name that fn already wrote stay, unreferenced and harmless.)
func (s *Store) write(fn func(t *wtxn) error) error {
	profiles, unlock, err := s.lockAndLoad(true)
	if err != nil {
		return err
	}
	defer unlock()
	t := &wtxn{s: s, profiles: slices.Clone(profiles), gcFile: map[string]bool{}, gcKeyring: map[string]bool{}}
	err = fn(t)
	if err == nil {
		err = t.commit()
	} else if t.commitOnError {
		err = errors.Join(err, t.commit())
	}
	return err
}

func (t *wtxn) commit() error {
	if !t.dirty && !t.fileDirty && len(t.gcFile) == 0 && len(t.gcKeyring) == 0 {
		return t.commitState()
	}
	var profilesData, secretsData []byte
	var err error
	if t.dirty {
		if profilesData, err = encodeProfiles(t.profiles, nil); err != nil {
			return err
		}
		if int64(len(profilesData)) > maxFileSize {
			return &TooLargeError{Path: t.s.Path(), Size: int64(len(profilesData))}
		}
	}
	removeStrayTemps(t.s.dir)
	if t.fileDirty {
		if secretsData, err = encodeSecretsFile(t.file); err != nil {
			return err
		}
		if err := writeAtomic(t.s.dir, secretsFile, secretsData); err != nil {
			return err
		}
		remember(t.s, &t.s.secretCache, t.s.secretsPath(), nil, maps.Clone(t.file))
	}
	if t.dirty {
		if err := writeAtomic(t.s.dir, profilesFile, profilesData); err != nil {
			return err
		}
		remember(t.s, &t.s.profileCache, t.s.Path(), nil, t.profiles)
	}
	var errs []error
	if len(t.gcFile) > 0 {
		if m, err := t.fileSecrets(); err == nil {
			removed := false
			for name := range t.gcFile {
				if _, ok := m[name]; ok {
					delete(m, name)
					removed = true
				}
			}
			if removed {
				if data, err := encodeSecretsFile(m); err != nil {
					errs = append(errs, err)
				} else if err := writeAtomic(t.s.dir, secretsFile, data); err != nil {
					errs = append(errs, err)
				} else {
					remember(t.s, &t.s.secretCache, t.s.secretsPath(), nil, maps.Clone(m))
				}
			}
		}
	}
	for name := range t.gcKeyring {
		errs = append(errs, t.s.keyringDelete(name))
	}
	errs = append(errs, t.commitState())
	return errors.Join(errs...)
}

// commitState applies the state changes. The profiles are already written;
// a state failure is reported (and warned about) but changes nothing else.
func (t *wtxn) commitState() error {
	if len(t.stateOps) == 0 {
		return nil
	}
	return t.s.stateWrite(func(tx *sql.Tx) error {
		for _, op := range t.stateOps {
			if err := op(tx); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *wtxn) onState(op func(tx *sql.Tx) error) { t.stateOps = append(t.stateOps, op) }

func (t *wtxn) find(name string) (int, bool) { return find(t.profiles, name) }

// insert adds a profile whose name is not taken.
func (t *wtxn) insert(p Profile) {
	i, _ := t.find(p.Name)
	t.profiles = slices.Insert(t.profiles, i, p.config())
	t.dirty = true
}

func (t *wtxn) remove(name string) {
	if i, ok := t.find(name); ok {
		t.profiles = slices.Delete(t.profiles, i, i+1)
		t.dirty = true
	}
}

func (t *wtxn) fileSecrets() (map[string]Secrets, error) {
	if t.file == nil {
		m, err := t.s.loadSecretsFile()
		if err != nil {
			return nil, err
		}
		t.file = maps.Clone(m) // the loaded map may be shared with the cache
	}
	return t.file, nil
}

// secrets reads the secrets of p.
func (t *wtxn) secrets(p *Profile) (Secrets, error) {
	if p.SecretStore == SecretKeyring {
		return t.s.keyringGet(p.Name)
	}
	m, err := t.fileSecrets()
	if err != nil {
		return Secrets{}, err
	}
	return m[p.Name], nil
}

// target is where the secrets of p are to be written.
func (t *wtxn) target(p *Profile) (SecretStore, error) {
	switch {
	case t.s.forced != "":
		return t.s.forced, nil
	case p.SecretStore != "":
		return p.SecretStore, nil
	}
	return t.s.autoStore()
}

// putSecrets stores sec as the secrets of p (empty values remove items),
// moving them between stores when the target changed, and records the
// store in p.SecretStore. On error nothing was written in plain text.
func (t *wtxn) putSecrets(p *Profile, sec Secrets) error {
	to, err := t.target(p)
	if err != nil {
		return err
	}
	if to == SecretKeyring {
		err := t.s.keyringPut(p.Name, sec)
		if err != nil && errors.Is(err, keyring.ErrSetDataTooBig) && t.s.forced == "" {
			t.s.keyringDelete(p.Name)
			t.s.fallBack("a secret is too big for the keyring")
			to, err = SecretFile, nil
		}
		if err != nil {
			return err
		}
		delete(t.gcKeyring, p.Name)
	}
	if to == SecretFile {
		m, err := t.fileSecrets()
		if err != nil {
			return err
		}
		if sec == (Secrets{}) {
			t.gcFile[p.Name] = true
		} else {
			m[p.Name] = sec
			t.fileDirty = true
			delete(t.gcFile, p.Name)
		}
		if p.SecretStore == SecretKeyring {
			t.gcKeyring[p.Name] = true // moved out of the keyring
		}
	} else if p.SecretStore != SecretKeyring {
		t.gcFile[p.Name] = true // moved into the keyring
	}
	if p.SecretStore != to {
		p.SecretStore = to
		t.dirty = true
	}
	return nil
}

// dropSecrets removes all secrets of the profile name, kept in from, after
// profiles.json no longer has it.
func (t *wtxn) dropSecrets(name string, from SecretStore) {
	if from == SecretKeyring {
		t.gcKeyring[name] = true
	} else {
		t.gcFile[name] = true
	}
}
