package store

import (
	"errors"
	"strings"
	"sync/atomic"
)

// splitMin is the size of the "profiles" array text from which
// decodeProfileList parses its second half on another goroutine (below it,
// starting a goroutine costs more than it saves).
const splitMin = 1 << 20

// decodeProfileList reads the "profiles" array; s is at its '['.
//
// A large array is parsed in two halves at once: a guess at where a profile
// object starts near the middle (findSplit) is parsed to the end of the array
// on another goroutine while this one parses from the start. The guess is
// only used when this goroutine, parsing in order, arrives at a profile that
// starts exactly there: then the second half was parsed from a real element
// start with the same rules, and its result (or its first error, which is
// then the first error of the file) is exactly what parsing on would give.
// Otherwise the guess is dropped and parsing simply continues.
func decodeProfileList(s *scanner, withSecrets bool, splitMin int) (profiles []Profile, secrets []*Secrets, spans []span, err error) {
	const what = `"profiles"`
	if s.peek() != '[' {
		return nil, nil, nil, s.unexpected(what + " (an array)")
	}
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return nil, nil, nil, nil
	}
	split := -1
	var (
		tail chan listPart
		stop atomic.Bool
	)
	if !withSecrets && len(s.data)-s.pos >= splitMin {
		if split = findSplit(s.data, s.pos+(len(s.data)-s.pos)/2); split > 0 {
			tail = make(chan listPart, 1)
			go func() { tail <- decodeListTail(s.data, split, &stop) }()
			defer func() {
				if tail != nil {
					stop.Store(true)
					<-tail
				}
			}()
		}
	}
	for {
		s.skipSpace()
		if s.pos == split && tail != nil {
			part := <-tail
			tail = nil
			if part.err != nil {
				return nil, nil, nil, part.err
			}
			s.pos = part.end
			return append(profiles, part.profiles...), nil, append(spans, part.spans...), nil
		}
		start := s.pos
		p, sec, err := decodeProfile(s, withSecrets)
		if profiles == nil {
			profiles, spans = sizedFor(s.data, start, s.pos)
		}
		spans = append(spans, span{start, s.pos})
		profiles = append(profiles, p)
		if withSecrets {
			secrets = append(secrets, sec)
		}
		if err != nil {
			return nil, nil, nil, err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return profiles, secrets, spans, nil
		default:
			return nil, nil, nil, s.unexpected("',' or ']' in " + what)
		}
	}
}

// sizedFor makes the profile and span slices once, sized from the first
// profile (data[start:end]): growing 10 000 profiles by doubling allocates
// three times their size, and fresh memory is what a short-lived CLI process
// pays for most. Profiles larger than the first only mean one more growth.
func sizedFor(data string, start, end int) ([]Profile, []span) {
	n := (len(data)-start)/max(1, end-start) + 8
	n += n / 8
	return make([]Profile, 0, n), make([]span, 0, n)
}

// listPart is the second half of a profiles array.
type listPart struct {
	profiles []Profile
	spans    []span
	end      int // just after the array's ']'
	err      error
}

var errStopped = errors.New("stopped")

// decodeListTail parses profile objects from start to the end of the array,
// as decodeProfileList would, stopping early when stop is set.
func decodeListTail(data string, start int, stop *atomic.Bool) listPart {
	s := newScanner(data)
	s.pos = start
	var part listPart
	for {
		if stop.Load() {
			return listPart{err: errStopped}
		}
		s.skipSpace()
		start := s.pos
		p, _, err := decodeProfile(s, false)
		if err != nil {
			return listPart{err: err}
		}
		if part.profiles == nil {
			part.profiles, part.spans = sizedFor(data, start, s.pos)
		}
		part.profiles = append(part.profiles, p)
		part.spans = append(part.spans, span{start, s.pos})
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			part.end = s.pos
			return part
		default:
			return listPart{err: s.unexpected(`',' or ']' in "profiles"`)}
		}
	}
}

// findSplit guesses where a profile object starts at or after from: a '{'
// followed by the key "name" and preceded by '}' and ','. It returns -1 when
// there is none. A wrong guess costs only time (see decodeProfileList).
func findSplit(data string, from int) int {
	for from < len(data) {
		i := strings.Index(data[from:], `"name"`)
		if i < 0 {
			return -1
		}
		key := from + i
		from = key + 1
		j := skipSpaceBack(data, key)
		if j == 0 || data[j-1] != '{' {
			continue
		}
		brace := j - 1
		j = skipSpaceBack(data, brace)
		if j == 0 || data[j-1] != ',' {
			continue
		}
		j = skipSpaceBack(data, j-1)
		if j == 0 || data[j-1] != '}' {
			continue
		}
		return brace
	}
	return -1
}

// skipSpaceBack returns i moved back over JSON white space.
func skipSpaceBack(data string, i int) int {
	for i > 0 && isSpace[data[i-1]] {
		i--
	}
	return i
}
