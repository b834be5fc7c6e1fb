package profiles

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
)

// index is what the pane precomputes once per SetProfiles so that a
// keystroke in the filter touches no profile field and formats nothing:
// each profile's endpoint host and a lower-cased haystack of name, host and
// client key, all cut from one shared string.
type index struct {
	hosts []string
	hay   []string
	// nameW and hostW are the widest name and host, for the columns.
	nameW, hostW int
	// cells are the widest cells of the other columns.
	cells cellWidths
}

// buildIndex computes the index of ps.
func buildIndex(ps []store.Profile) index {
	ix := index{hosts: make([]string, len(ps)), hay: make([]string, len(ps))}
	size := 0
	hosts := map[string]string{} // endpoint → host: most profiles share a few endpoints
	for i := range ps {
		host, ok := hosts[ps[i].Endpoint]
		if !ok {
			host = ps[i].EndpointHost()
			hosts[ps[i].Endpoint] = host
		}
		ix.hosts[i] = host
		size += len(ps[i].Name) + len(ix.hosts[i]) + len(ps[i].ClientKey) + 2
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(ps))
	for i := range ps {
		buf = appendLower(buf, ps[i].Name)
		buf = append(buf, '\n')
		buf = appendLower(buf, ix.hosts[i])
		buf = append(buf, '\n')
		buf = appendLower(buf, ps[i].ClientKey)
		ends[i] = len(buf)
		ix.nameW = max(ix.nameW, cellWidth(ps[i].Name))
		ix.hostW = max(ix.hostW, cellWidth(ix.hosts[i]))
		ix.cells.measure(&ps[i])
	}
	all := string(buf)
	start := 0
	for i, end := range ends {
		ix.hay[i] = all[start:end]
		start = end
	}
	return ix
}

// appendLower appends s lower-cased: bytewise for ASCII, via
// strings.ToLower otherwise.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// cellWidth is the terminal width of s; ASCII is counted without ansi.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// matcher holds the current filter and its matches (indexes into the
// profiles). A query is lower-cased and split on spaces; a profile matches
// when its haystack contains every term.
type matcher struct {
	query   string
	terms   []string
	matches []int32
	// earlier holds the matches of the shorter queries typed on the way
	// to this one (newest last), so deleting at the end restores them
	// instead of scanning every profile again.
	earlier []savedMatches
}

// savedMatches is one earlier query and its matches.
type savedMatches struct {
	query   string
	matches []int32
}

// maxEarlier bounds the queries kept for backspace.
const maxEarlier = 32

// set changes the query and recomputes the matches. When the new query
// extends the old one (the user typed at the end), only the old matches can
// still match, so only they are checked; otherwise all of hay is scanned.
// The matches slice is reused: no allocation per keystroke beyond the terms.
func (f *matcher) set(query string, hay []string, force bool) {
	q := strings.ToLower(query)
	narrowing := !force && f.query != "" && strings.HasPrefix(q, f.query)
	if !force && q == f.query && f.matches != nil {
		return
	}
	if force {
		f.earlier = f.earlier[:0]
	}
	if !force && f.matches != nil && strings.HasPrefix(f.query, q) {
		// Deleting at the end: a shorter query typed before has its
		// matches kept.
		for len(f.earlier) > 0 {
			top := f.earlier[len(f.earlier)-1]
			f.earlier = f.earlier[:len(f.earlier)-1]
			if top.query == q {
				f.query, f.terms, f.matches = q, strings.Fields(q), top.matches
				return
			}
			if !strings.HasPrefix(top.query, q) {
				break
			}
		}
	}
	if narrowing && len(f.earlier) < maxEarlier {
		f.earlier = append(f.earlier, savedMatches{query: f.query, matches: slices.Clone(f.matches)})
	}
	f.query = q
	f.terms = strings.Fields(q)
	if len(f.terms) == 0 {
		f.matches = f.matches[:0]
		for i := range hay {
			f.matches = append(f.matches, int32(i))
		}
		return
	}
	if narrowing {
		out := f.matches[:0]
		for _, i := range f.matches {
			if f.match(hay[i]) {
				out = append(out, i)
			}
		}
		f.matches = out
		return
	}
	f.matches = f.matches[:0]
	for i, h := range hay {
		if f.match(h) {
			f.matches = append(f.matches, int32(i))
		}
	}
}

// match reports whether h contains every term.
func (f *matcher) match(h string) bool {
	for _, t := range f.terms {
		if !strings.Contains(h, t) {
			return false
		}
	}
	return true
}
