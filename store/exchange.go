package store

import (
	"database/sql"
	"fmt"
	"slices"
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
