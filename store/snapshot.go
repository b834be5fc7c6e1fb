package store

// snapshot is profiles.json as last read or written by this Store: its text,
// its profiles (shared, never modified) and where each profile's object is in
// the text (nil when unknown, e.g. the file was not sorted by name).
type snapshot struct {
	data     string
	profiles []Profile
	spans    []span
}

// unchanged returns the text of p's object in the snapshot when p is exactly
// the profile read there (the same values, nested slices not replaced). j is
// a cursor for callers walking profiles in name order.
func (s *snapshot) unchanged(p *Profile, j *int) (string, bool) {
	if s == nil || s.spans == nil {
		return "", false
	}
	for *j < len(s.profiles) && s.profiles[*j].Name < p.Name {
		*j++
	}
	if *j >= len(s.profiles) || !sameProfile(p, &s.profiles[*j]) {
		return "", false
	}
	sp := s.spans[*j]
	return s.data[sp.start:sp.end], true
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
