package store

import (
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/zalando/go-keyring"
)

// wtxn is one locked read-modify-write of the store. Changes are kept in
// memory; commit writes them so that a crash or an error at any point
// leaves every profile with its own secrets, old or new, never a mix:
//
//  1. pending.json lists every secret reference this write creates or
//     drops (before any of them is touched; see secretref.go),
//  2. secrets under fresh references: keyring items (written by
//     putSecrets), token files, then secrets.json with the new entries
//     added,
//  3. profiles.json, pointing at the new references: the commit point,
//  4. the listed references that profiles.json does not point at are
//     deleted, then pending.json,
//  5. state.db (token metadata, history, last-used) in one transaction.
//
// A token save changes no reference: it replaces one token file or one
// keyring item, which is atomic by itself. A reference is only deleted when
// it is listed in pending.json and profiles.json does not point at it, so
// the secrets of a profile that is not currently readable (moved aside by
// Repair) are never deleted.
type wtxn struct {
	s        *Store
	profiles []Profile // sorted by name
	dirty    bool

	file      map[string]Secrets // secrets.json, loaded on first use
	fileDirty bool
	tokens    map[string]tokenPair // file-store token files to write, by reference
	krTokens  map[string]tokenPair // keyring token items to write, by reference

	pending    []refLoc           // references created or dropped (pending.json)
	journalled int                // how many of pending are in pending.json
	read       map[string]Secrets // secrets read or written, by store and reference
	orig       []Profile          // profiles.json as it was read

	stateOps []func(tx *sql.Tx) error

	// commitOnError makes write commit the changes even when fn fails (the
	// token cache keeps the history of failed calls that way).
	commitOnError bool
}

func (t *wtxn) step(name string) error { return stepHook(name) }

// write runs fn under the exclusive lock on freshly read profiles and
// commits what it changed. When fn fails nothing is written (keyring items
// it wrote under fresh references are deleted again).
func (s *Store) write(fn func(t *wtxn) error) error {
	profiles, unlock, err := s.lockAndLoad(true)
	if err != nil {
		return err
	}
	defer unlock()
	s.finishPending(profiles)
	t := &wtxn{s: s, profiles: slices.Clone(profiles), orig: profiles, tokens: map[string]tokenPair{}, krTokens: map[string]tokenPair{}, read: map[string]Secrets{}}
	err = fn(t)
	if err == nil {
		err = t.commit()
	} else if t.commitOnError {
		err = errors.Join(err, t.commit())
	} else {
		t.rollback()
	}
	return err
}

// finishPending completes or undoes a write that was interrupted (killed,
// or failed after step 1): references listed in pending.json that
// profiles.json does not point at are deleted. The caller holds the
// exclusive lock; profiles is the current profiles.json.
func (s *Store) finishPending(profiles []Profile) {
	refs, err := s.readJournal()
	if err != nil {
		fmt.Fprintf(s.warn, "authdeck: %v\n", err)
		return
	}
	if refs == nil {
		return
	}
	t := &wtxn{s: s, profiles: profiles, pending: refs, journalled: len(refs)}
	if err := t.collect(); err != nil {
		fmt.Fprintf(s.warn, "authdeck: cleaning up after an interrupted write: %v (retried by the next write)\n", err)
	}
}

// rollback undoes a write that failed before its commit point: the
// references it journalled that profiles.json (unchanged) does not point at
// are deleted. When that fails too, pending.json stays for the next write.
func (t *wtxn) rollback() {
	if t.journalled == 0 {
		return
	}
	undo := &wtxn{s: t.s, profiles: t.orig, pending: t.pending[:t.journalled], journalled: t.journalled}
	undo.collect()
}

// journal records ref in pending.json now when now is set (before a keyring
// write), else at the start of the commit.
func (t *wtxn) journal(l refLoc, now bool) error {
	t.pending = append(t.pending, l)
	if !now {
		return nil
	}
	return t.flushJournal()
}

func (t *wtxn) flushJournal() error {
	if t.journalled == len(t.pending) {
		return nil
	}
	if err := t.step("journal"); err != nil {
		return err
	}
	if err := t.s.writeJournal(t.pending); err != nil {
		return err
	}
	t.journalled = len(t.pending)
	return nil
}

func (t *wtxn) commit() error {
	if !t.dirty && !t.fileDirty && len(t.tokens) == 0 && len(t.krTokens) == 0 && len(t.pending) == 0 {
		t.commitState()
		return nil
	}
	var profilesData []byte
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
	fail := func(err error) error { t.rollback(); return err }
	if err := t.flushJournal(); err != nil {
		return fail(err)
	}
	for ref, tp := range t.tokens {
		if err := t.step("token-file"); err != nil {
			return fail(err)
		}
		var renamed *renamedError
		if err := t.s.writeTokenFile(ref, tp); errors.As(err, &renamed) {
			// In place: the token is saved, only its durability is in doubt.
			fmt.Fprintf(t.s.warn, "authdeck: %v\n", err)
		} else if err != nil {
			return fail(err)
		}
	}
	for ref, tp := range t.krTokens {
		if err := t.step("token-keyring"); err != nil {
			return fail(err)
		}
		if err := t.s.keyringPutTokens(ref, tp); err != nil {
			return fail(err)
		}
	}
	if t.fileDirty {
		if err := t.writeSecretsFile(); err != nil {
			return fail(err)
		}
	}
	if t.dirty {
		if err := t.step("profiles"); err != nil {
			return fail(err)
		}
		var renamed *renamedError
		if err := writeAtomic(t.s.dir, profilesFile, profilesData); err != nil && !errors.As(err, &renamed) {
			return fail(err)
		} else if err != nil {
			// The new file is in place: the write is committed, and the
			// secrets it points at must stay.
			fmt.Fprintf(t.s.warn, "authdeck: %v\n", err)
		}
		remember(t.s, &t.s.profileCache, profilesData, t.profiles)
	}
	// Committed. What is left is cleaning up; a failure there leaves
	// pending.json for the next write and is not the caller's problem.
	if err := t.collect(); err != nil {
		fmt.Fprintf(t.s.warn, "authdeck: the change is saved; removing the replaced secrets failed: %v (retried by the next write)\n", err)
	}
	t.commitState()
	return nil
}

// writeSecretsFile writes secrets.json from t.file. Tokens an older file
// kept in an entry move to that reference's token file first (unless it has
// one), so the entry can be written without them.
func (t *wtxn) writeSecretsFile() error {
	for ref, sec := range t.file {
		if sec.AccessToken == "" && sec.RefreshToken == "" {
			continue
		}
		if _, ok, err := t.s.readTokenFile(ref); err != nil {
			return err
		} else if !ok {
			if err := t.s.writeTokenFile(ref, tokenPair{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken}); err != nil {
				return err
			}
		}
		sec.AccessToken, sec.RefreshToken = "", ""
		t.file[ref] = sec
	}
	data, err := encodeSecretsFile(t.file)
	if err != nil {
		return err
	}
	if err := t.step("secrets"); err != nil {
		return err
	}
	if err := writeAtomic(t.s.dir, secretsFile, data); err != nil {
		return err
	}
	remember(t.s, &t.s.secretCache, data, maps.Clone(t.file))
	t.fileDirty = false
	return nil
}

// collect deletes the references in t.pending that t.profiles (as written)
// does not point at, then pending.json. On an error pending.json stays.
func (t *wtxn) collect() error {
	if len(t.pending) == 0 {
		return nil
	}
	live := make(map[string]bool, len(t.profiles))
	for i := range t.profiles {
		if t.profiles[i].SecretStore != "" {
			live[string(t.profiles[i].SecretStore)+"\x00"+t.profiles[i].ref()] = true
		}
	}
	var errs []error
	for _, l := range t.pending {
		if live[string(l.Store)+"\x00"+l.Ref] {
			continue
		}
		if err := t.step("collect"); err != nil {
			return err
		}
		switch l.Store {
		case SecretKeyring:
			errs = append(errs, t.s.keyringDelete(l.Ref))
		case SecretFile:
			m, err := t.fileSecrets()
			if err != nil {
				return err
			}
			if _, ok := m[l.Ref]; ok {
				delete(m, l.Ref)
				t.fileDirty = true
			}
			errs = append(errs, t.s.removeTokenFile(l.Ref))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if t.fileDirty {
		if err := t.writeSecretsFile(); err != nil {
			return err
		}
	}
	if err := t.step("journal-remove"); err != nil {
		return err
	}
	return t.s.removeJournal()
}

// commitState applies the state changes. The profiles are already written;
// state.db is optional, so a failure is reported once on Options.Warn (by
// stateWrite) and changes nothing else.
func (t *wtxn) commitState() {
	if len(t.stateOps) == 0 {
		return
	}
	t.s.stateWrite(func(tx *sql.Tx) error {
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
	key := string(p.SecretStore) + "\x00" + p.ref()
	if sec, ok := t.read[key]; ok {
		return sec, nil
	}
	var sec Secrets
	var err error
	switch p.SecretStore {
	case SecretKeyring:
		sec, _, err = t.s.keyringGet(p.Name, p.ref())
	case SecretFile:
		var m map[string]Secrets
		if m, err = t.fileSecrets(); err == nil {
			sec, _, err = t.s.fileSecretsOf(m, p.ref())
		}
	}
	if err != nil {
		return Secrets{}, err
	}
	if t.read != nil {
		t.read[key] = sec
	}
	return sec, nil
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

// putSecrets stores sec as the secrets of p and records where in p
// (SecretStore and its reference). When only the tokens changed and the
// store stays, they are replaced in place (one token file or one keyring
// item, written at commit). Otherwise all of sec goes under a fresh
// reference, which p points at from now on; the old reference is deleted
// after profiles.json is committed. On error nothing was written in plain
// text.
func (t *wtxn) putSecrets(p *Profile, sec Secrets) error {
	to, err := t.target(p)
	if err != nil {
		return err
	}
	if p.SecretStore == to {
		cur, err := t.secrets(p)
		if err != nil {
			return err
		}
		if sameConfig(cur, sec) {
			if cur.AccessToken != sec.AccessToken || cur.RefreshToken != sec.RefreshToken {
				tp := tokenPair{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken}
				if to == SecretKeyring {
					t.krTokens[p.ref()] = tp
				} else {
					t.tokens[p.ref()] = tp
				}
				t.read[string(to)+"\x00"+p.ref()] = sec
			}
			return nil
		}
	}
	ref := newRef(p.Name)
	if to == SecretKeyring {
		if err := t.journal(refLoc{ref, SecretKeyring}, true); err != nil {
			return err
		}
		err := t.s.keyringPut(p.Name, ref, sec)
		if err != nil && errors.Is(err, keyring.ErrSetDataTooBig) && t.s.forced == "" {
			t.s.keyringDelete(ref)
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
		if err := t.journal(refLoc{ref, SecretFile}, false); err != nil {
			return err
		}
		if c := (Secrets{ClientSecret: sec.ClientSecret, UIDSignature: sec.UIDSignature, SignatureTimestamp: sec.SignatureTimestamp}); c != (Secrets{}) {
			m[ref] = c
			t.fileDirty = true
		}
		if sec.AccessToken != "" || sec.RefreshToken != "" {
			t.tokens[ref] = tokenPair{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken}
		}
	}
	t.dropSecrets(p)
	p.SecretStore, p.secretRef = to, ref
	t.read[string(to)+"\x00"+ref] = sec
	t.dirty = true
	return nil
}

// sameConfig reports whether a and b differ at most in their tokens.
func sameConfig(a, b Secrets) bool {
	return a.ClientSecret == b.ClientSecret && a.UIDSignature == b.UIDSignature && a.SignatureTimestamp == b.SignatureTimestamp
}

// dropSecrets marks the secrets p points at for deletion once
// profiles.json no longer points at them.
func (t *wtxn) dropSecrets(p *Profile) {
	if p.SecretStore != "" {
		t.journal(refLoc{p.ref(), p.SecretStore}, false)
	}
}
