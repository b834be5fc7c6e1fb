package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Export returns every profile in the profiles.json format. With
// withSecrets each profile carries a "secrets" object (client secret and
// tokens); without it the output holds no secret.
func (s *Store) Export(withSecrets bool) ([]byte, error) {
	var out []byte
	err := s.read(func(profiles []Profile) error {
		var secrets []*Secrets
		if withSecrets {
			secrets = make([]*Secrets, len(profiles))
			for i := range profiles {
				sec, err := s.readSecrets(&profiles[i])
				if err != nil {
					return err
				}
				secrets[i] = &sec
			}
		}
		out = []byte(encodeProfiles(profiles, secrets))
		return nil
	})
	return out, err
}

// ImportError reports import data that cannot be read.
type ImportError struct {
	Line, Column int // 0 when not at one place
	Problem      string
}

func (e *ImportError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("import data, line %d column %d: %s", e.Line, e.Column, e.Problem)
	}
	return "import data: " + e.Problem
}

// Import adds the profiles in data (the Export format). A name that already
// exists is an error (ErrExists, nothing written) unless overwrite. Imported
// profiles keep their history and times; their token metadata is kept only
// when the data carries the access token. Without secrets in the data, an
// overwritten profile keeps its stored client secret. It returns the names
// imported.
func (s *Store) Import(data []byte, overwrite bool) ([]string, error) {
	text := string(data)
	profiles, secrets, err := decodeProfiles(text, true)
	if err != nil {
		ce := corrupt("", text, err)
		return nil, &ImportError{Line: ce.Line, Column: ce.Column, Problem: ce.Problem}
	}
	for i := range profiles {
		if err := validateProfile(&profiles[i]); err != nil {
			return nil, err
		}
		if secrets[i] != nil {
			if err := validateSecrets(secrets[i]); err != nil {
				return nil, fmt.Errorf("profile %q: %w", profiles[i].Name, err)
			}
		}
	}
	var names []string
	err = s.update(func(t *txn) error {
		if !overwrite {
			var taken []string
			for _, p := range profiles {
				if _, ok := t.find(p.Name); ok {
					taken = append(taken, p.Name)
				}
			}
			if len(taken) > 0 {
				return fmt.Errorf("profiles %s: %w (use overwrite to replace them)", strings.Join(taken, ", "), ErrExists)
			}
		}
		now := s.now()
		for i := range profiles {
			np := profiles[i]
			np.SecretStore = ""
			sec := Secrets{}
			if j, ok := t.find(np.Name); ok {
				old := t.at(j)
				cur, err := t.secrets(old)
				if err != nil {
					return err
				}
				sec.ClientSecret = cur.ClientSecret
				if err := t.dropSecrets(old); err != nil {
					return err
				}
				np.SecretStore = old.SecretStore
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
			if sec.AccessToken == "" {
				np.Token = nil
			}
			if sec != (Secrets{}) {
				if err := t.putSecrets(&np, sec); err != nil {
					return err
				}
			}
			t.insert(np)
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
// NAME.corrupt-<UTC time> (0600), so the store starts empty. It returns the
// new paths of the files it moved (none when both read fine).
func (s *Store) Repair() ([]string, error) {
	unlock, err := s.lockFiles(true)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var moved []string
	stamp := s.now().Format("20060102T150405Z")
	for _, f := range []struct {
		name  string
		check func() error
	}{
		{profilesFile, func() error { _, err := s.load(); return err }},
		{secretsFile, func() error { _, err := s.loadSecretsFile(); return err }},
	} {
		var ce *CorruptError
		if err := f.check(); !errors.As(err, &ce) {
			if err != nil {
				return moved, err
			}
			continue
		}
		from := filepath.Join(s.dir, f.name)
		to := from + ".corrupt-" + stamp
		for n := 2; ; n++ {
			if _, err := os.Lstat(to); errors.Is(err, os.ErrNotExist) {
				break
			}
			to = fmt.Sprintf("%s.corrupt-%s-%d", from, stamp, n)
		}
		if err := os.Rename(from, to); err != nil {
			return moved, fmt.Errorf("move %s aside: %w", from, err)
		}
		os.Chmod(to, 0o600)
		moved = append(moved, to)
	}
	if len(moved) > 0 {
		if err := syncDir(s.dir); err != nil {
			return moved, err
		}
	}
	return moved, nil
}
