package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// RepairReport is what Repair found and did.
type RepairReport struct {
	// Moved lists each file (or part of one) moved aside, in order.
	Moved []MovedAside
	// Kept is how many profiles a partly readable profiles.json kept.
	Kept int
}

// MovedAside is one file, or the unreadable part of profiles.json, moved
// aside by Repair.
type MovedAside struct {
	From, To string
	// Problem is why: a *CorruptError (with the parser's line and column),
	// a *LinkError or a *StateError.
	Problem error
	// Profiles is how many profiles went aside when only the unreadable
	// ones did (0: the whole file).
	Profiles int
}

// Repair is RepairReport returning only the new paths of what it moved.
func (s *Store) Repair() ([]string, error) {
	r, err := s.RepairReport()
	var moved []string
	for _, m := range r.Moved {
		moved = append(moved, m.To)
	}
	return moved, err
}

// RepairReport moves what cannot be read aside, to NAME.corrupt-<UTC time>
// (0600), and says why. A profiles.json that is JSON but has profiles that
// cannot be read keeps the others: only the unreadable profiles go aside
// (in a file of their own, in the profiles.json format). A profiles.json or
// secrets.json that cannot be read at all is moved aside whole, so the
// store starts empty; a damaged state.db is moved aside (profiles keep
// working without history). Secrets of profiles moved aside are kept:
// moving the file back brings the profiles back with their secrets.
//
// A state.db that is locked by another process (StateBusy) is an error
// before anything is moved: retry. One written by a newer authdeck
// (StateNewer) is left where it is; the other files are repaired and the
// *StateError is returned with the report.
func (s *Store) RepairReport() (RepairReport, error) {
	var r RepairReport
	unlock, err := s.lockFiles(true)
	if err != nil {
		return r, err
	}
	defer unlock()
	s.Close()
	stateErr := s.stateProblem()
	if stateErr != nil && stateErr.Problem == StateBusy {
		return r, stateErr
	}
	stamp := s.now().Format("20060102T150405Z")
	aside := func(name string) string {
		from := filepath.Join(s.dir, name)
		to := from + ".corrupt-" + stamp
		for n := 2; ; n++ {
			if _, err := os.Lstat(to); errors.Is(err, os.ErrNotExist) {
				return to
			}
			to = fmt.Sprintf("%s.corrupt-%s-%d", from, stamp, n)
		}
	}
	moveAside := func(name string, problem error) error {
		from, to := filepath.Join(s.dir, name), aside(name)
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("move %s aside: %w", from, err)
		}
		if st, err := os.Lstat(to); err == nil && st.Mode().IsRegular() {
			os.Chmod(to, 0o600)
		}
		r.Moved = append(r.Moved, MovedAside{From: from, To: to, Problem: problem})
		return nil
	}

	profiles, perr := s.checkProfilesFile()
	switch {
	case perr == nil:
		s.finishPending(profiles)
	case isUnreadable(perr):
		// What pending.json lists may belong to profiles going aside: keep
		// every secret rather than guess.
		os.Remove(filepath.Join(s.dir, journalFile))
		kept, bad, ok := salvageProfiles(s.Path())
		if ok {
			if err := s.splitProfiles(kept, bad, aside(profilesFile), perr, &r); err != nil {
				return r, err
			}
		} else if err := moveAside(profilesFile, perr); err != nil {
			return r, err
		}
	default:
		return r, perr
	}
	if _, err := s.loadSecretsFile(); isUnreadable(err) {
		if err := moveAside(secretsFile, err); err != nil {
			return r, err
		}
	} else if err != nil {
		return r, err
	}
	if stateErr != nil && stateErr.Problem == StateDamaged {
		fmt.Fprintf(s.warn, "authdeck: %s is damaged (%v); moving it aside, history starts empty\n", s.statePath(), stateErr.Err)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if _, err := os.Lstat(s.statePath() + suffix); err == nil {
				if err := moveAside(stateFile+suffix, stateErr); err != nil {
					return r, err
				}
			}
		}
	}
	if len(r.Moved) > 0 {
		if err := syncDir(s.dir); err != nil {
			return r, err
		}
	}
	if stateErr != nil && stateErr.Problem == StateNewer {
		return r, stateErr
	}
	return r, nil
}

// isUnreadable reports an error that Repair fixes by moving the file aside.
func isUnreadable(err error) bool {
	var ce *CorruptError
	var le *LinkError
	return errors.As(err, &ce) || errors.As(err, &le)
}

// checkProfilesFile reads profiles.json (a version 1 file reads when its
// migration would); the caller holds the exclusive lock.
func (s *Store) checkProfilesFile() ([]Profile, error) {
	profiles, err := s.loadLocked()
	if err == errVersion1 { // migrated by the next command
		data, rerr := readFile(s.Path())
		if rerr != nil {
			return nil, rerr
		}
		if _, _, _, err := decodeV1(data, false); err != nil {
			return nil, corrupt(s.Path(), data, err)
		}
		return nil, nil
	}
	return profiles, err
}

// salvageProfiles splits a version 2 profiles.json that is valid JSON into
// the profiles that read (first of each name) and the raw ones that do not.
// ok is false when there is nothing to keep, or nothing to drop.
func salvageProfiles(path string) (kept []Profile, bad []jsontext.Value, ok bool) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, false
	}
	var doc struct {
		Version  int              `json:"version"`
		Profiles []jsontext.Value `json:"profiles"`
	}
	if jsonv2.Unmarshal(data, &doc) != nil || doc.Version != formatVersion {
		return nil, nil, false
	}
	seen := map[string]bool{}
	for _, raw := range doc.Profiles {
		one := append(append([]byte(`{"version":2,"profiles":[`), raw...), "]}"...)
		ps, _, err := decodeProfiles(one, false)
		if err != nil || len(ps) != 1 || seen[ps[0].Name] {
			bad = append(bad, bytes.Clone(raw))
			continue
		}
		seen[ps[0].Name] = true
		kept = append(kept, ps[0])
	}
	return kept, bad, len(kept) > 0 && len(bad) > 0
}

// splitProfiles writes the unreadable profiles to to (0600), then
// profiles.json with the others.
func (s *Store) splitProfiles(kept []Profile, bad []jsontext.Value, to string, problem error, r *RepairReport) error {
	var b strings.Builder
	b.WriteString("{\n  \"version\": 2,\n  \"profiles\": [\n")
	for i, raw := range bad {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("    ")
		b.Write(raw)
	}
	b.WriteString("\n  ]\n}\n")
	if err := writeAtomic(filepath.Dir(to), filepath.Base(to), []byte(b.String())); err != nil {
		return err
	}
	slices.SortFunc(kept, byName)
	data, err := encodeProfiles(kept, nil)
	if err != nil {
		return err
	}
	if err := writeAtomic(s.dir, profilesFile, data); err != nil {
		return err
	}
	r.Moved = append(r.Moved, MovedAside{From: s.Path(), To: to, Problem: problem, Profiles: len(bad)})
	r.Kept = len(kept)
	return nil
}

// CheckState runs PRAGMA integrity_check on state.db without changing
// anything: nil when it is sound or does not exist yet, else a *StateError
// whose Problem says whether Repair would move it aside (StateDamaged).
func (s *Store) CheckState() error {
	if err := s.stateProblem(); err != nil {
		return err
	}
	return nil
}

// stateProblem opens state.db afresh and runs PRAGMA integrity_check (when
// it exists); nil when it is sound.
func (s *Store) stateProblem() *StateError {
	st, err := s.openState(false)
	if err != nil {
		return newStateError(s.statePath(), err)
	}
	if st == nil {
		return nil
	}
	defer st.close()
	rows, err := st.db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return newStateError(s.statePath(), err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return newStateError(s.statePath(), err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return newStateError(s.statePath(), err)
	}
	if len(problems) > 0 {
		return &StateError{Path: s.statePath(), Problem: StateDamaged, Err: errors.New(strings.Join(problems[:min(3, len(problems))], "; "))}
	}
	return nil
}

// Reason is why m was moved aside, for a person: for an unreadable file
// the parser's message first, as PATH:LINE:COLUMN: PROBLEM. It may quote
// text from the file: sanitise it before it reaches a terminal.
func (m MovedAside) Reason() string {
	var ce *CorruptError
	if errors.As(m.Problem, &ce) {
		if ce.Line > 0 {
			return fmt.Sprintf("%s:%d:%d: %s", ce.Path, ce.Line, ce.Column, ce.Problem)
		}
		return fmt.Sprintf("%s: %s", ce.Path, ce.Problem)
	}
	if m.Problem == nil {
		return m.From
	}
	return m.Problem.Error()
}
