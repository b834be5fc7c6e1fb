package store

import "io/fs"

// File names inside the store directory.
const (
	profilesFile = "profiles.json"
	secretsFile  = "secrets.json"
	stateFile    = "state.db"
	v1Backup     = "profiles.v1.json.bak"
	lockFile     = "profiles.lock"
	tokenLock    = "token.lock"  // fallback token lock when token-locks/ cannot be used
	tokenLockDir = "token-locks" // one lock per profile, held while its token request is in flight
)

// tokensDir holds one small file per reference with the file store's
// access and refresh tokens, so a token save rewrites one small file.
const tokensDir = "tokens"

// journalFile lists the references a write created or dropped, written
// before the first of them is touched; the next write (or this one, after
// its commit) deletes those that profiles.json does not point at.
const journalFile = "pending.json"

// StoreFile is one file or directory the store keeps in its directory,
// with the permission bits it must have.
type StoreFile struct {
	// Name is relative to the store directory.
	Name string
	// Dir is set for a directory; its entries must each be a plain file of
	// EntryMode.
	Dir bool
	// Mode is the permission the file (0600) or directory (0700) has.
	Mode fs.FileMode
	// EntryMode is the permission of each file in a directory.
	EntryMode fs.FileMode
}

// Files lists every file and directory the store may keep in its
// directory: Open tightens the files to their mode, and `authdeck doctor`
// checks them all, so the two cannot disagree about what the store holds.
func Files() []StoreFile {
	files := []StoreFile{}
	for _, name := range []string{profilesFile, secretsFile, journalFile, lockFile, tokenLock, stateFile, stateFile + "-wal", stateFile + "-shm", v1Backup} {
		files = append(files, StoreFile{Name: name, Mode: 0o600})
	}
	return append(files,
		StoreFile{Name: tokenLockDir, Dir: true, Mode: 0o700, EntryMode: 0o600},
		StoreFile{Name: tokensDir, Dir: true, Mode: 0o700, EntryMode: 0o600})
}
