package store

import "strings"

// snapshot is profiles.json as last read or written by this Store: its text
// (in pieces, so a write that copied most of the old text need not join it
// into one new 15 MB string), its profiles (shared, never modified) and where
// each profile's object is in the text (nil when unknown, e.g. the file was
// not sorted by name).
type snapshot struct {
	parts    []string // the file's text is their concatenation
	profiles []Profile
	locs     []loc // parallels profiles
	// lent: the profiles parsed from parts were given to a caller; parse
	// parts again before use (profiles and locs are nil).
	lent bool
}

// loc is where one profile's object is: parts[part][start:end].
type loc struct{ part, start, end int }

// readSnapshot is the snapshot of text read from the file, with the spans
// the decoder reported.
func readSnapshot(data string, profiles []Profile, spans []span) *snapshot {
	snap := &snapshot{parts: []string{data}, profiles: profiles}
	if spans != nil {
		snap.locs = make([]loc, len(spans))
		for i, sp := range spans {
			snap.locs[i] = loc{0, sp.start, sp.end}
		}
	}
	return snap
}

// size is the length of the text.
func (s *snapshot) size() int {
	n := 0
	for _, p := range s.parts {
		n += len(p)
	}
	return n
}

// text joins the parts (tests and small files only).
func (s *snapshot) text() string {
	if len(s.parts) == 1 {
		return s.parts[0]
	}
	return strings.Join(s.parts, "")
}

// unchanged returns where p's object is in the snapshot when p is exactly
// the profile read there (the same values, nested slices not replaced). j is
// a cursor for callers walking profiles in name order. orig, when it holds
// an index, is the profile read there instead of s.profiles[index] (a txn
// that changed s.profiles in place keeps the originals there).
func (s *snapshot) unchanged(p *Profile, j *int, orig map[int]Profile) (loc, bool) {
	if s == nil || s.locs == nil {
		return loc{}, false
	}
	for *j < len(s.profiles) && s.profiles[*j].Name < p.Name {
		*j++
	}
	if *j >= len(s.profiles) {
		return loc{}, false
	}
	was := &s.profiles[*j]
	if o, ok := orig[*j]; ok {
		was = &o
	}
	if !sameProfile(p, was) {
		return loc{}, false
	}
	return s.locs[*j], true
}

// sameProfile reports whether a and b hold the same values, treating nested
// slices as equal only when they share their array (a txn replaces, never
// edits, nested values).
func sameProfile(a, b *Profile) bool {
	return a.Name == b.Name && a.Endpoint == b.Endpoint && a.ClientKey == b.ClientKey && a.DeviceID == b.DeviceID &&
		a.DeviceInfo.Model == b.DeviceInfo.Model && a.DeviceInfo.Version == b.DeviceInfo.Version &&
		a.DeviceInfo.OSName == b.DeviceInfo.OSName && a.DeviceInfo.OSVersion == b.DeviceInfo.OSVersion &&
		sameArray(a.DeviceInfo.Extra, b.DeviceInfo.Extra) &&
		a.NetworkType == b.NetworkType && a.Note == b.Note &&
		a.Created == b.Created && a.Updated == b.Updated && a.LastUsed == b.LastUsed &&
		a.Token == b.Token && sameArray(a.History, b.History) && a.SecretStore == b.SecretStore
}

func sameArray[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
