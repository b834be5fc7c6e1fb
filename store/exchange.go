package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Export returns every profile in the profiles.json format (version 2,
// configuration only). With withSecrets each profile carries a "secrets"
// object; secrets.json is read once, so the cost is linear in the number of
// profiles. Without it the output holds no secret.
func (s *Store) Export(withSecrets bool) ([]byte, error) {
	var out []byte
	err := s.read(func(profiles []Profile) error {
		var secrets []*Secrets
		if withSecrets {
			file, err := s.loadSecretsFile()
			if err != nil {
				return err
			}
			secrets = make([]*Secrets, len(profiles))
			for i := range profiles {
				sec, err := s.readSecrets(&profiles[i], file)
				if err != nil {
					return err
				}
				secrets[i] = &sec
			}
		}
		profiles = slices.Clone(profiles)
		for i := range profiles {
			profiles[i].secretRef = "" // where this store keeps secrets means nothing to another
		}
		var err error
		out, err = encodeProfiles(profiles, secrets)
		return err
	})
	return out, err
}

// ImportError reports import data that cannot be read.
type ImportError struct {
	Line, Column int // 0 when not at one place
	Problem      string
}

// Error describes the problem; it never contains a secret.
func (e *ImportError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("import data, line %d column %d: %s", e.Line, e.Column, e.Problem)
	}
	return "import data: " + e.Problem
}

// Import adds the profiles in data (the Export format; version 1 exports
// are read too, without their history and token metadata). A name that
// already exists is an error (ErrExists, nothing written) unless overwrite.
// Without secrets in the data, an overwritten profile keeps its stored
// client secret. It returns the names imported.
func (s *Store) Import(data []byte, overwrite bool) ([]string, error) {
	profiles, secrets, err := decodeProfiles(data, true)
	if err == errVersion1 {
		profiles, secrets, _, err = decodeV1(data, true)
	}
	if err != nil {
		ce := corrupt("", data, err)
		return nil, &ImportError{Line: ce.Line, Column: ce.Column, Problem: ce.Problem}
	}
	for i := range profiles {
		if err := normalize(&profiles[i]); err != nil {
			return nil, err
		}
		if secrets[i] != nil {
			if err := validateSecrets(profiles[i].Name, secrets[i]); err != nil {
				return nil, err
			}
		}
	}
	var names []string
	err = s.write(func(t *wtxn) error {
		if !overwrite {
			var taken []string
			for _, p := range profiles {
				if _, ok := t.find(p.Name); ok {
					taken = append(taken, p.Name)
				}
			}
			if len(taken) > 0 {
				return &ExistsError{Names: taken}
			}
		}
		now := s.now()
		for i := range profiles {
			np := profiles[i]
			np.SecretStore, np.secretRef = "", ""
			sec := Secrets{}
			if j, ok := t.find(np.Name); ok {
				old := t.profiles[j]
				cur, err := t.secrets(&old)
				if err != nil {
					return err
				}
				sec.ClientSecret = cur.ClientSecret
				np.SecretStore, np.secretRef = old.SecretStore, old.secretRef
				np.Updated = later(now, old.Updated)
				t.remove(np.Name)
			} else {
				np.Updated = now
			}
			if np.Created.IsZero() {
				np.Created = now
			}
			if in := secrets[i]; in != nil {
				sec = *in
			}
			if err := t.putSecrets(&np, sec); err != nil {
				return err
			}
			t.insert(np)
			name := np.Name
			t.onState(func(tx *sql.Tx) error { return dropState(tx, name) })
			names = append(names, np.Name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// Repair moves a profiles.json or secrets.json that cannot be read aside, to
// NAME.corrupt-<UTC time> (0600), so the store starts empty, and moves a
// state.db that fails PRAGMA integrity_check aside the same way (profiles
// keep working without history). It returns the new paths of the files it
// moved (none when everything read fine). Secrets of profiles moved aside are
// kept: moving the file back brings the profiles back with their secrets.
func (s *Store) Repair() ([]string, error) {
	unlock, err := s.lockFiles(true)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var moved []string
	stamp := s.now().Format("20060102T150405Z")
	moveAside := func(name string) error {
		from := filepath.Join(s.dir, name)
		to := from + ".corrupt-" + stamp
		for n := 2; ; n++ {
			if _, err := os.Lstat(to); errors.Is(err, os.ErrNotExist) {
				break
			}
			to = fmt.Sprintf("%s.corrupt-%s-%d", from, stamp, n)
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("move %s aside: %w", from, err)
		}
		if st, err := os.Lstat(to); err == nil && st.Mode().IsRegular() {
			os.Chmod(to, 0o600)
		}
		moved = append(moved, to)
		return nil
	}
	for _, f := range []struct {
		name  string
		check func() error
	}{
		{profilesFile, func() error {
			_, err := s.loadLocked()
			if err == errVersion1 { // readable when version 1 reads; migrated on the next command
				data, rerr := readFile(s.Path())
				if rerr != nil {
					return rerr
				}
				if _, _, _, err := decodeV1(data, false); err != nil {
					return corrupt(s.Path(), data, err)
				}
				return nil
			}
			return err
		}},
		{secretsFile, func() error { _, err := s.loadSecretsFile(); return err }},
	} {
		err := f.check()
		var ce *CorruptError
		var le *LinkError
		if !errors.As(err, &ce) && !errors.As(err, &le) {
			if err != nil {
				return moved, err
			}
			continue
		}
		if err := moveAside(f.name); err != nil {
			return moved, err
		}
	}
	if bad, why := s.stateCorrupt(); bad {
		fmt.Fprintf(s.warn, "authdeck: %s is damaged (%s); moving it aside, history starts empty\n", s.statePath(), why)
		s.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if _, err := os.Lstat(s.statePath() + suffix); err == nil {
				if err := moveAside(stateFile + suffix); err != nil {
					return moved, err
				}
			}
		}
	}
	if len(moved) > 0 {
		if err := syncDir(s.dir); err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// CheckState runs PRAGMA integrity_check on state.db without changing
// anything: nil when it is sound or does not exist yet, else an error whose
// text names the first problems (Repair moves such a file aside).
func (s *Store) CheckState() error {
	if bad, why := s.stateCorrupt(); bad {
		return &StateError{Path: s.statePath(), Err: errors.New(why)}
	}
	return nil
}

// stateCorrupt runs PRAGMA integrity_check on state.db (when it exists).
func (s *Store) stateCorrupt() (bool, string) {
	st, err := s.state(false)
	if err != nil {
		var le *LinkError
		if errors.As(err, &le) {
			return true, le.Problem
		}
		return true, err.Error()
	}
	if st == nil {
		return false, ""
	}
	rows, err := st.db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return true, err.Error()
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return true, err.Error()
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return true, err.Error()
	}
	if len(problems) > 0 {
		return true, strings.Join(problems[:min(3, len(problems))], "; ")
	}
	return false, ""
}
