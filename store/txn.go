package store

import (
	"errors"
	"slices"

	"github.com/zalando/go-keyring"
)

// txn is one locked read-modify-write of the store. Changes are kept in
// memory and written by commit: secrets.json first, then profiles.json, so a
// profile never points at secrets that were not written.
type txn struct {
	s        *Store
	base     *snapshot // what was read
	profiles []Profile // sorted by name; elements start as shallow copies of base's
	dirty    bool

	files      map[string]Secrets // secrets.json, loaded on first use
	filesDirty bool

	// commitOnError makes update write the changes even when fn fails (the
	// token cache keeps the history of failed calls that way).
	commitOnError bool

	// shared: profiles is base.profiles itself, not a copy (copying 10 000
	// profiles for every save cost more than the rest of the work in
	// memory). Elements are then changed in place, only through at (get),
	// which first keeps the original in orig; insert and remove first give
	// base a copy of its own (own). update puts the originals back when
	// nothing is written.
	shared bool
	orig   map[int]Profile
}

// update runs fn under the exclusive lock on freshly read profiles and writes
// what it changed. When fn fails nothing is written, unless it set
// commitOnError. (Keyring items fn already changed stay changed.)
func (s *Store) update(fn func(t *txn) error) error {
	unlock, err := s.lockFiles(true)
	if err != nil {
		return err
	}
	defer unlock()
	base, err := s.load()
	if err != nil {
		return err
	}
	// Elements may share nested values with base: replace nested values,
	// never modify them.
	t := &txn{s: s, base: base, profiles: base.profiles, shared: true}
	committed := false
	defer func() {
		if !committed {
			t.restore()
		}
	}()
	fnErr := fn(t)
	if fnErr != nil && !t.commitOnError {
		return fnErr
	}
	if err := t.commit(); err != nil {
		return errors.Join(fnErr, err)
	}
	committed = true
	return fnErr
}

// at returns a pointer to profile i for changing it.
func (t *txn) at(i int) *Profile {
	if t.shared {
		if _, kept := t.orig[i]; !kept {
			if t.orig == nil {
				t.orig = map[int]Profile{}
			}
			t.orig[i] = t.profiles[i]
		}
	}
	return &t.profiles[i]
}

// own ends sharing before a change to the order or number of profiles: base
// gets a copy of its original profiles, and the txn keeps the array it has
// been changing. (As before sharing, a pointer from at or get is not valid
// after insert or remove.)
func (t *txn) own() {
	if !t.shared {
		return
	}
	restored := slices.Clone(t.profiles)
	for i, p := range t.orig {
		restored[i] = p
	}
	t.base.profiles = restored
	t.shared, t.orig = false, nil
}

// restore puts back the original values of profiles changed in place, so
// base (the Store's cache) is again what the file holds.
func (t *txn) restore() {
	if t.shared {
		for i, p := range t.orig {
			t.profiles[i] = p
		}
		t.orig = nil
	}
}

func (t *txn) commit() error {
	if !t.dirty && !t.filesDirty {
		return nil
	}
	removeStrayTemps(t.s.dir)
	if t.filesDirty {
		// Drop secrets of profiles that no longer exist or moved to the keyring.
		for name := range t.files {
			i, ok := t.find(name)
			if !ok || t.profiles[i].SecretStore == SecretKeyring {
				delete(t.files, name)
			}
		}
		if err := writeAtomic(t.s.dir, secretsFile, encodeSecretsFile(t.files)); err != nil {
			return err
		}
	}
	if t.dirty {
		snap := encode(t.profiles, nil, t.base, t.orig)
		if err := writeAtomic(t.s.dir, profilesFile, snap.parts...); err != nil {
			return err
		}
		t.s.remember(snap)
	}
	return nil
}

func (t *txn) find(name string) (int, bool) { return find(t.profiles, name) }

// get returns a pointer to the named profile for changing it.
func (t *txn) get(name string) (*Profile, error) {
	i, ok := t.find(name)
	if !ok {
		return nil, notFound(name)
	}
	return t.at(i), nil
}

// insert adds a profile whose name is not taken.
func (t *txn) insert(p Profile) {
	t.own()
	i, _ := t.find(p.Name)
	t.profiles = slices.Insert(t.profiles, i, p)
	t.dirty = true
}

func (t *txn) remove(name string) {
	if i, ok := t.find(name); ok {
		t.own()
		t.profiles = slices.Delete(t.profiles, i, i+1)
		t.dirty = true
	}
}

func (t *txn) fileSecrets() (map[string]Secrets, error) {
	if t.files == nil {
		m, err := t.s.loadSecretsFile()
		if err != nil {
			return nil, err
		}
		t.files = m
	}
	return t.files, nil
}

// secrets reads the secrets of p.
func (t *txn) secrets(p *Profile) (Secrets, error) {
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
func (t *txn) target(p *Profile) (SecretStore, error) {
	switch {
	case t.s.forced != "":
		return t.s.forced, nil
	case p.SecretStore != "":
		return p.SecretStore, nil
	}
	return t.s.autoStore()
}

// putSecrets stores sec as the secrets of p (an empty value removes its
// item), moving them between stores when the target changed, and records
// the store in p.SecretStore. On error nothing was written in plain text.
func (t *txn) putSecrets(p *Profile, sec Secrets) error {
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
	}
	if to == SecretFile {
		m, err := t.fileSecrets()
		if err != nil {
			return err
		}
		if sec == (Secrets{}) {
			delete(m, p.Name)
		} else {
			m[p.Name] = sec
		}
		t.filesDirty = true
		if p.SecretStore == SecretKeyring {
			// Moved out of the keyring; a failure leaves a stale copy there
			// (not in plain text), which is better than losing the write.
			t.s.keyringDelete(p.Name)
		}
	} else if p.SecretStore == SecretFile || p.SecretStore == "" {
		if m, err := t.fileSecrets(); err == nil {
			if _, ok := m[p.Name]; ok {
				delete(m, p.Name)
				t.filesDirty = true
			}
		}
	}
	if p.SecretStore != to {
		p.SecretStore = to
		t.dirty = true
	}
	return nil
}

// dropSecrets removes all secrets of p from its store.
func (t *txn) dropSecrets(p *Profile) error {
	if p.SecretStore == SecretKeyring {
		return t.s.keyringDelete(p.Name)
	}
	m, err := t.fileSecrets()
	if err != nil {
		return err
	}
	if _, ok := m[p.Name]; ok {
		delete(m, p.Name)
		t.filesDirty = true
	}
	return nil
}
