package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// v1Doc is profiles.json format version 1 (written before state.db): the
// configuration plus last-used, token metadata and history per profile.
type v1Doc struct {
	Version  int         `json:"version"`
	Profiles []v1Profile `json:"profiles"`
}

type v1Profile struct {
	Name        string             `json:"name"`
	Endpoint    string             `json:"endpoint"`
	ClientKey   string             `json:"clientKey"`
	DeviceID    string             `json:"deviceId"`
	DeviceInfo  json.RawMessage    `json:"deviceInfo"`
	NetworkType device.NetworkType `json:"networkType"`
	Note        string             `json:"note"`
	SecretStore SecretStore        `json:"secretStore"`
	Created     time.Time          `json:"created"`
	Updated     time.Time          `json:"updated"`
	LastUsed    *time.Time         `json:"lastUsed"`
	Token       *struct {
		ExpiresIn  int64     `json:"expiresIn"`
		ExpiresAt  time.Time `json:"expiresAt"`
		ObtainedAt time.Time `json:"obtainedAt"`
		Relative   bool      `json:"relative"`
	} `json:"token"`
	History []struct {
		Time     time.Time `json:"time"`
		Kind     string    `json:"kind"`
		Status   int       `json:"status"`
		Duration string    `json:"duration"`
		Error    string    `json:"error"`
	} `json:"history"`
	Secrets *secretsJSON `json:"secrets"`
}

// decodeV1 reads a version 1 document: the profiles, their secrets (export
// data only) and their state.
func decodeV1(data []byte, withSecrets bool) ([]Profile, []*Secrets, []profileState1, error) {
	if err := precheck(data); err != nil {
		return nil, nil, nil, err
	}
	var doc v1Doc
	if err := strictUnmarshal(data, &doc); err != nil {
		return nil, nil, nil, err
	}
	if doc.Version != 1 {
		return nil, nil, nil, &formatError{offset: -1, msg: fmt.Sprintf(`"version" is %d, expected 1`, doc.Version)}
	}
	profiles := make([]Profile, len(doc.Profiles))
	secrets := make([]*Secrets, len(doc.Profiles))
	states := make([]profileState1, len(doc.Profiles))
	seen := map[string]bool{}
	for i, j := range doc.Profiles {
		if err := ValidateName(j.Name); err != nil {
			return nil, nil, nil, keyError(data, "name", i, err.Error())
		}
		if seen[j.Name] {
			return nil, nil, nil, keyError(data, "name", i, fmt.Sprintf("two profiles are named %q", j.Name))
		}
		seen[j.Name] = true
		if j.Secrets != nil && !withSecrets {
			return nil, nil, nil, keyError(data, "secrets", i, `unknown key "secrets"`)
		}
		p := Profile{Name: j.Name, Endpoint: j.Endpoint, ClientKey: j.ClientKey, DeviceID: j.DeviceID,
			NetworkType: j.NetworkType, Note: j.Note, SecretStore: j.SecretStore, Created: j.Created, Updated: j.Updated}
		if len(j.DeviceInfo) > 0 {
			info, err := device.ParseJSON(j.DeviceInfo)
			if err != nil {
				return nil, nil, nil, keyError(data, "deviceInfo", i, fmt.Sprintf("profile %q: deviceInfo: %v", j.Name, err))
			}
			p.DeviceInfo = info
		}
		st := profileState1{}
		if j.LastUsed != nil {
			st.lastUsed = *j.LastUsed
		}
		if j.Token != nil {
			st.token = &TokenMeta{ExpiresIn: j.Token.ExpiresIn, ExpiresAt: j.Token.ExpiresAt, ObtainedAt: j.Token.ObtainedAt, Relative: j.Token.Relative}
		}
		for _, h := range j.History {
			d, err := time.ParseDuration(h.Duration)
			if err != nil {
				return nil, nil, nil, keyError(data, "history", i, fmt.Sprintf("profile %q: history duration %q is not a duration", j.Name, h.Duration))
			}
			st.history = append(st.history, HistoryEntry{Profile: j.Name, Time: h.Time, Kind: h.Kind, Status: h.Status,
				Duration: d, Error: h.Error, Endpoint: j.Endpoint})
		}
		profiles[i], states[i] = p, st
		if j.Secrets != nil {
			s := Secrets(*j.Secrets)
			secrets[i] = &s
		}
	}
	return profiles, secrets, states, nil
}

// profileState1 is the state a version 1 profile carried.
type profileState1 struct {
	lastUsed time.Time
	token    *TokenMeta
	history  []HistoryEntry // oldest first
}

// testHookMigrate, when set (by tests only), runs between the steps of the
// migration, so a test can kill the process there.
var testHookMigrate func(step string)

// migrate converts a version 1 profiles.json: its state goes into state.db
// (in one transaction, marked with the file's hash so a rerun does not add
// it twice), the original is kept as profiles.v1.json.bak (0600), and
// profiles.json is rewritten as version 2. Each step is atomic and the
// sequence can be rerun from any point, so a kill -9 anywhere loses nothing.
// Secrets are not touched: secrets.json and the keyring keep their format.
func (s *Store) migrate() error {
	unlock, err := s.lockFiles(true)
	if err != nil {
		return err
	}
	defer unlock()
	path := s.Path()
	data, err := readFile(path)
	if err != nil {
		return err
	}
	if _, _, err := decodeProfiles(data, false); err != errVersion1 {
		return nil // another process migrated it meanwhile (or it is broken: the read reports it)
	}
	profiles, _, states, err := decodeV1(data, false)
	if err != nil {
		return corrupt(path, data, err)
	}
	hook := func(step string) {
		if testHookMigrate != nil {
			testHookMigrate(step)
		}
	}
	sum := sha256.Sum256(data)
	source := hex.EncodeToString(sum[:])
	limit := s.historyLimit
	err = s.stateWriteErr(func(tx *sql.Tx) error {
		var done int
		if err := tx.QueryRow(`SELECT count(*) FROM v1_import WHERE source = ?`, source).Scan(&done); err != nil {
			return err
		}
		if done > 0 {
			return nil
		}
		for i, p := range profiles {
			st := states[i]
			if err := dropState(tx, p.Name); err != nil {
				return err
			}
			for j, e := range st.history {
				if err := addHistory(tx, e, limit); err != nil {
					return err
				}
				if j == len(st.history)/2 {
					hook("history")
				}
			}
			if err := ensureRow(tx, p.Name); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE profile_state SET last_used = ? WHERE profile = ?`, toNanos(st.lastUsed), p.Name); err != nil {
				return err
			}
			if st.token != nil {
				t := *st.token
				t.ExpiresAt, t.ObtainedAt = clampTime(t.ExpiresAt), clampTime(t.ObtainedAt)
				if err := putToken(tx, p.Name, &t); err != nil {
					return err
				}
			}
		}
		_, err := tx.Exec(`INSERT INTO v1_import(source, at) VALUES (?, ?)`, source, toNanos(s.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate %s to format version 2: %w (nothing was changed in it)", path, err)
	}
	hook("state")
	if err := writeAtomic(s.dir, v1Backup, data); err != nil {
		return err
	}
	hook("backup")
	for i := range profiles {
		// An http endpoint to a host that is not loopback is kept, marked;
		// sending to it still needs the explicit opt-in.
		profiles[i].insecureHTTP = onlyHTTP(profiles[i].Endpoint)
		if err := normalize(&profiles[i]); err != nil {
			return fmt.Errorf("migrate %s: %w", path, err)
		}
	}
	slices.SortFunc(profiles, byName)
	out, err := encodeProfiles(profiles, nil)
	if err != nil {
		return err
	}
	if err := writeAtomic(s.dir, profilesFile, out); err != nil {
		return err
	}
	hook("profiles")
	fmt.Fprintf(s.warn, "authdeck: %s was converted to format version 2 (history and tokens moved to %s); the original is kept as %s\n",
		path, stateFile, filepath.Join(s.dir, v1Backup))
	return nil
}
