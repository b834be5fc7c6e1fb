package store

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// FormatVersion is the version of profiles.json and secrets.json this
// package reads and writes.
const FormatVersion = 1

// MaxFileSize is the largest profiles.json or secrets.json read. It is above
// the 1 MiB the issue first named so that a store of 10 000 profiles (about
// 5 MB with history) stays usable; a larger file is reported as corrupt.
const MaxFileSize = 32 << 20

// corrupt builds a CorruptError for path from a scanner or semantic problem.
func corrupt(path, data string, err error) *CorruptError {
	var se *syntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.offset)
		return &CorruptError{Path: path, Line: line, Column: col, Problem: se.msg}
	}
	return &CorruptError{Path: path, Problem: err.Error()}
}

// precheck applies the checks that do not need parsing. It returns empty
// true for a 0-byte (or all white space) file.
func precheck(data string) (empty bool, err error) {
	if len(data) > MaxFileSize {
		return false, fmt.Errorf("file is %d bytes, larger than the %d MiB limit", len(data), MaxFileSize>>20)
	}
	if !utf8.ValidString(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRuneInString(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return false, &syntaxError{offset: off, msg: "invalid UTF-8"}
	}
	s := scanner{data: data}
	return s.atEnd(), nil
}

// decodeProfiles parses profiles.json (withSecrets false) or an export
// (withSecrets true, where each profile may carry a "secrets" object). The
// returned secrets slice parallels the profiles; entries are nil when absent.
func decodeProfiles(data string, withSecrets bool) ([]Profile, []*Secrets, error) {
	p, sec, _, err := decodeWithSpans(data, withSecrets)
	return p, sec, err
}

// decodeWithSpans is decodeProfiles that also says where each profile's
// object is in data.
func decodeWithSpans(data string, withSecrets bool) ([]Profile, []*Secrets, []span, error) {
	return decodeDoc(data, withSecrets, splitMin)
}

// decodeDoc is decodeWithSpans parsing a "profiles" array of splitMin bytes
// or more in two halves at once (see decodeProfileList).
func decodeDoc(data string, withSecrets bool, splitMin int) ([]Profile, []*Secrets, []span, error) {
	empty, err := precheck(data)
	if err != nil || empty {
		return nil, nil, nil, err
	}
	s := newScanner(data)
	var (
		version  int64
		sawVer   bool
		profiles []Profile
		secrets  []*Secrets
		spans    []span
	)
	err = s.object("the top level", func(key string) error {
		switch key {
		case "version":
			v, err := s.integer(`"version"`)
			if err != nil {
				return err
			}
			if v > FormatVersion {
				return s.errorf("written by a newer authdeck (format version %d); this authdeck reads version %d", v, FormatVersion)
			}
			if v != FormatVersion {
				return s.errorf(`"version" is %d; the only known version is %d`, v, FormatVersion)
			}
			version, sawVer = v, true
			return nil
		case "profiles":
			var err error
			profiles, secrets, spans, err = decodeProfileList(s, withSecrets, splitMin)
			return err
		}
		return s.keyErrorf("unknown key %q at the top level (known: version, profiles)", key)
	})
	if err == nil {
		err = s.end()
	}
	if err == nil && !sawVer {
		err = fmt.Errorf(`no "version" field; expected "version": %d`, FormatVersion)
	}
	_ = version
	if err == nil {
		err = checkNames(profiles)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return profiles, secrets, spans, nil
}

const profileKeys = "name, endpoint, clientKey, deviceId, deviceInfo, networkType, note, secretStore, created, updated, lastUsed, token, history"

// checkNames reports two profiles with the same name. The writer sorts by
// name, so the usual case is one linear pass.
func checkNames(profiles []Profile) error {
	sorted := true
	for i := 1; i < len(profiles); i++ {
		if profiles[i-1].Name >= profiles[i].Name {
			sorted = false
			break
		}
	}
	if sorted {
		return nil
	}
	seen := make(map[string]int, len(profiles))
	for i, p := range profiles {
		if j, dup := seen[p.Name]; dup {
			return fmt.Errorf("profiles %d and %d are both named %q", j+1, i+1, p.Name)
		}
		seen[p.Name] = i
	}
	return nil
}

func decodeProfile(s *scanner, withSecrets bool) (Profile, *Secrets, error) {
	var p Profile
	var sec *Secrets
	const what = "a profile"
	start := s.pos
	err := s.object(what, func(key string) error {
		var err error
		switch key {
		case "name":
			p.Name, err = s.str()
		case "endpoint":
			p.Endpoint, err = s.str()
		case "clientKey":
			p.ClientKey, err = s.str()
		case "deviceId":
			p.DeviceID, err = s.str()
		case "note":
			p.Note, err = s.str()
		case "deviceInfo":
			p.DeviceInfo, err = decodeDeviceInfo(s, what)
		case "networkType":
			var v string
			if v, err = s.str(); err == nil {
				p.NetworkType = device.NetworkType(v)
				if v != "" && !p.NetworkType.Valid() {
					return s.errorf("networkType %q is not one of other, wifi, cellular, ethernet", v)
				}
			}
		case "secretStore":
			var v string
			if v, err = s.str(); err == nil {
				switch SecretStore(v) {
				case SecretKeyring, SecretFile:
					p.SecretStore = SecretStore(v)
				default:
					return s.errorf("secretStore %q is not keyring or file", v)
				}
			}
		case "created":
			p.Created, err = decodeTime(s, key)
		case "updated":
			p.Updated, err = decodeTime(s, key)
		case "lastUsed":
			p.LastUsed, err = decodeTime(s, key)
		case "token":
			p.Token, err = decodeTokenMeta(s, what)
		case "history":
			p.History, err = decodeHistory(s, what)
		case "secrets":
			if !withSecrets {
				return s.keyErrorf("unknown key %q in %s (secrets never belong in profiles.json)", key, what)
			}
			sec, err = decodeSecrets(s, what)
		default:
			return s.keyErrorf("unknown key %q in %s (known: %s)", key, what, profileKeys)
		}
		return err
	})
	if err != nil {
		return p, nil, err
	}
	if err := ValidateName(p.Name); err != nil {
		s.pos = start
		return p, nil, s.errorf("%v", err)
	}
	return p, sec, nil
}

func decodeDeviceInfo(s *scanner, what string) (device.Info, error) {
	var info device.Info
	extra := s.extra[:0]
	defer func() { s.extra = extra[:0] }()
	err := s.object(`"deviceInfo"`, func(key string) error {
		var err error
		switch key {
		case "model":
			info.Model, err = s.str()
		case "version":
			info.Version, err = s.str()
		case "osName":
			info.OSName, err = s.str()
		case "osVersion":
			info.OSVersion, err = s.str()
		default:
			var raw string
			raw, err = s.rawValue(0)
			extra = append(extra, device.ExtraField{Key: key, Value: s.keepBytes(raw)})
		}
		return err
	})
	if len(extra) > 0 {
		info.Extra = s.keepExtra(extra)
	}
	return info, err
}

func decodeTime(s *scanner, key string) (time.Time, error) {
	start := s.pos
	v, err := s.str()
	if err != nil {
		return time.Time{}, err
	}
	t, ok := parseUTCTime(v)
	switch {
	case ok && v[:4] != "0000":
		// The writer's form, already UTC with a 4-digit year of at least 1.
		return t, nil
	case !ok:
		t, err = time.Parse(time.RFC3339Nano, v)
	}
	if err == nil {
		t = t.UTC()
		if y := t.Year(); y < 1 || y > 9999 {
			err = errors.New("year out of range")
		}
	}
	if err != nil {
		s.pos = start
		return time.Time{}, s.errorf("%q is not a time like 2026-01-02T15:04:05Z: %q", key, v)
	}
	return t, nil
}

func decodeTokenMeta(s *scanner, what string) (*TokenMeta, error) {
	if null, err := s.isNull(); null || err != nil {
		return nil, err
	}
	m := s.newToken()
	err := s.object(`"token"`, func(key string) error {
		var err error
		switch key {
		case "expiresIn":
			m.ExpiresIn, err = s.integer(`"expiresIn"`)
		case "expiresAt":
			m.ExpiresAt, err = decodeTime(s, key)
		case "obtainedAt":
			m.ObtainedAt, err = decodeTime(s, key)
		case "relative":
			m.Relative, err = s.boolean(`"relative"`)
		default:
			return s.keyErrorf("unknown key %q in the token of %s (known: expiresIn, expiresAt, obtainedAt, relative)", key, what)
		}
		return err
	})
	return m, err
}

func decodeHistory(s *scanner, what string) ([]HistoryEntry, error) {
	h := s.hist[:0]
	defer func() { s.hist = h[:0] }()
	err := s.array(`"history"`, func(int) error {
		var e HistoryEntry
		const hw = "a history entry"
		err := s.object(hw, func(key string) error {
			var err error
			switch key {
			case "time":
				e.Time, err = decodeTime(s, key)
			case "kind":
				var v string
				if v, err = s.str(); err == nil {
					switch v {
					case KindIssue:
						e.Kind = KindIssue
					case KindRefresh:
						e.Kind = KindRefresh
					case "":
					default:
						return s.errorf("history kind %q is not issue or refresh", v)
					}
				}
			case "status":
				var n int64
				if n, err = s.integer(`"status"`); err == nil {
					if n < 0 || n > 999 {
						return s.errorf("history status %d is not an HTTP status", n)
					}
					e.Status = int(n)
				}
			case "duration":
				start := s.pos
				var v string
				if v, err = s.str(); err == nil {
					if e.Duration, err = parseDuration(v); err != nil {
						s.pos = start
						return s.errorf("history duration %q is not a duration like 120ms", v)
					}
				}
			case "error":
				e.Error, err = s.str()
			default:
				return s.keyErrorf("unknown key %q in %s (known: time, kind, status, duration, error)", key, hw)
			}
			return err
		})
		h = append(h, e)
		return err
	})
	if err != nil || len(h) == 0 {
		return nil, err
	}
	return s.keepHistory(h[max(0, len(h)-MaxHistory):]), nil
}

func decodeSecrets(s *scanner, what string) (*Secrets, error) {
	var sec Secrets
	err := s.object(`"secrets"`, func(key string) error {
		var err error
		switch key {
		case "clientSecret":
			sec.ClientSecret, err = s.str()
		case "accessToken":
			sec.AccessToken, err = s.str()
		case "refreshToken":
			sec.RefreshToken, err = s.str()
		default:
			return s.keyErrorf("unknown key %q in the secrets of %s (known: clientSecret, accessToken, refreshToken)", key, what)
		}
		return err
	})
	return &sec, err
}

// decodeSecretsFile parses secrets.json: {"version": 1, "secrets": {"NAME": {...}}}.
func decodeSecretsFile(data string) (map[string]Secrets, error) {
	out := map[string]Secrets{}
	empty, err := precheck(data)
	if err != nil || empty {
		return out, err
	}
	s := newScanner(data)
	sawVer := false
	err = s.object("the top level", func(key string) error {
		switch key {
		case "version":
			v, err := s.integer(`"version"`)
			if err != nil {
				return err
			}
			if v != FormatVersion {
				return s.errorf(`"version" is %d; this authdeck reads version %d`, v, FormatVersion)
			}
			sawVer = true
			return nil
		case "secrets":
			return s.object(`"secrets"`, func(name string) error {
				sec, err := decodeSecrets(s, fmt.Sprintf("profile %q", name))
				if err == nil {
					out[name] = *sec
				}
				return err
			})
		}
		return s.keyErrorf("unknown key %q at the top level (known: version, secrets)", key)
	})
	if err == nil {
		err = s.end()
	}
	if err == nil && !sawVer {
		err = fmt.Errorf(`no "version" field; expected "version": %d`, FormatVersion)
	}
	return out, err
}
