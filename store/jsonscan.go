package store

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// scanner is a small strict JSON reader over a byte slice. It exists because
// the profile file must reject duplicate and unknown keys, report where a
// problem is, and load 10 000 profiles in a few milliseconds; encoding/json
// does the first only with a second pass and is several times slower.
// The input must already be valid UTF-8 (checked once by the caller).
type scanner struct {
	data    string // decoded strings without escapes are substrings of it
	pos     int
	lastKey int // offset of the key being read, for errors about the key

	hist  []HistoryEntry // scratch space for decoding one history array
	arena []HistoryEntry // the decoded histories are carved from this block

	// More blocks values are carved from, so that decoding 10 000 profiles
	// makes a few dozen allocations rather than several per profile: fresh
	// memory (page faults) costs a short-lived process as much as the CPU.
	extra    []device.ExtraField // scratch for one deviceInfo's extra keys
	extras   []device.ExtraField // the kept extra keys
	bytes    []byte              // unescaped strings and raw extra values
	tokens   []TokenMeta         // token metadata
	unescape []byte              // scratch for decoding one escaped string
}

// carve makes room for n more bytes in the byte block. The block is only
// ever appended to, so bytes handed out never change (keepString relies on
// that).
func (s *scanner) carve(n int) {
	if n > cap(s.bytes)-len(s.bytes) {
		s.bytes = make([]byte, 0, max(64<<10, n))
	}
}

// keepBytes copies v into the byte block and returns the copy,
// capacity-limited so an append by a caller never writes into a neighbour.
func (s *scanner) keepBytes(v string) []byte {
	s.carve(len(v))
	start := len(s.bytes)
	s.bytes = append(s.bytes, v...)
	return s.bytes[start:len(s.bytes):len(s.bytes)]
}

// keepString copies b into the byte block and returns it as a string.
func (s *scanner) keepString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	s.carve(len(b))
	start := len(s.bytes)
	s.bytes = append(s.bytes, b...)
	return unsafe.String(&s.bytes[start], len(b))
}

// keepExtra copies x into the extra-field block, capacity-limited.
func (s *scanner) keepExtra(x []device.ExtraField) []device.ExtraField {
	if len(x) > cap(s.extras)-len(s.extras) {
		s.extras = make([]device.ExtraField, 0, max(1024, len(x)))
	}
	start := len(s.extras)
	s.extras = append(s.extras, x...)
	return s.extras[start:len(s.extras):len(s.extras)]
}

// newToken returns a zero TokenMeta carved from the token block.
func (s *scanner) newToken() *TokenMeta {
	if len(s.tokens) == cap(s.tokens) {
		s.tokens = make([]TokenMeta, 0, 1024)
	}
	s.tokens = s.tokens[:len(s.tokens)+1]
	return &s.tokens[len(s.tokens)-1]
}

// keepHistory copies h into the arena (a few large allocations instead of
// one per profile) and returns the copy, capacity-limited so an append by a
// caller never writes into a neighbour.
func (s *scanner) keepHistory(h []HistoryEntry) []HistoryEntry {
	if len(h) > cap(s.arena)-len(s.arena) {
		s.arena = make([]HistoryEntry, 0, max(4096, len(h)))
	}
	start := len(s.arena)
	s.arena = append(s.arena, h...)
	return s.arena[start:len(s.arena):len(s.arena)]
}

// plainInString marks the bytes str copies without a second look: not '"',
// not '\\', not a control character.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// syntaxError is a problem at a byte offset; the caller turns it into a
// CorruptError naming the file.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) errorf(format string, args ...any) error {
	return &syntaxError{offset: s.pos, msg: fmt.Sprintf(format, args...)}
}

func newScanner(data string) *scanner {
	return &scanner{data: data}
}

// keyErrorf reports a problem with the key just read (an unknown key).
func (s *scanner) keyErrorf(format string, args ...any) error {
	s.pos = s.lastKey
	return s.errorf(format, args...)
}

// atEnd reports whether only white space is left.
func (s *scanner) atEnd() bool {
	s.skipSpace()
	return s.pos >= len(s.data)
}

// lineCol converts a byte offset into 1-based line and column numbers.
func lineCol(data string, offset int) (line, col int) {
	if offset > len(data) {
		offset = len(data)
	}
	before := data[:offset]
	line = strings.Count(before, "\n") + 1
	col = offset - strings.LastIndexByte(before, '\n')
	return line, col
}

func (s *scanner) skipSpace() {
	// Most calls are already at a token: answer those without a loop, so
	// this part is inlined.
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return
	}
	s.skipSpaceRun()
}

func (s *scanner) skipSpaceRun() {
	d, i := s.data, s.pos
	for i < len(d) {
		c := d[i]
		if c == ' ' && i+8 <= len(d) {
			// Indentation comes in runs of spaces: count up to 8 at once
			// (the lowest byte that is not a space ends the run).
			x := load64(d, i) ^ (' ' * ones64)
			if x == 0 {
				i += 8
			} else {
				i += bits.TrailingZeros64(x) >> 3
			}
			continue
		}
		if !isSpace[c] {
			break
		}
		i++
	}
	s.pos = i
}

// isSpace marks JSON white space.
var isSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true}

// load64 reads 8 bytes of d at i, little-endian (one load on amd64/arm64).
func load64(d string, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(d[i:i+8]), 8))
}

const (
	ones64  = 0x0101010101010101
	highs64 = 0x8080808080808080
)

// plain8 reports whether none of the 8 bytes in x is '"', '\\' or a control
// character (below 0x20), i.e. str can take them without a closer look.
func plain8(x uint64) bool {
	q := x ^ ('"' * ones64)
	b := x ^ ('\\' * ones64)
	// (v - 0x01…) & ^v & 0x80… is non-zero iff some byte of v is zero (or,
	// for the third term, below 0x20).
	return ((q-ones64)&^q|(b-ones64)&^b|(x-0x20*ones64)&^x)&highs64 == 0
}

// peek returns the next non-space byte, or 0 at the end of input.
func (s *scanner) peek() byte {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

func (s *scanner) unexpected(want string) error {
	if s.pos >= len(s.data) {
		return s.errorf("unexpected end of file (truncated?), expected %s", want)
	}
	c := s.data[s.pos]
	if c < 0x20 || c >= 0x7f {
		return s.errorf("unexpected byte 0x%02x, expected %s", c, want)
	}
	return s.errorf("unexpected %q, expected %s", c, want)
}

func (s *scanner) expect(c byte, want string) error {
	if s.peek() != c {
		return s.unexpected(want)
	}
	s.pos++
	return nil
}

// end checks that nothing but white space follows the top-level value.
func (s *scanner) end() error {
	if !s.atEnd() {
		return s.errorf("unexpected data after the end of the top-level object")
	}
	return nil
}

// isNull consumes a null literal if one is next.
func (s *scanner) isNull() (bool, error) {
	if s.peek() != 'n' {
		return false, nil
	}
	return true, s.literal("null")
}

func (s *scanner) literal(word string) error {
	if !strings.HasPrefix(s.data[s.pos:], word) {
		return s.unexpected("a JSON value")
	}
	s.pos += len(word)
	return nil
}

// object reads an object, calling field for each key with the scanner
// positioned at the value; field must consume the value. Duplicate keys are
// an error.
func (s *scanner) object(what string, field func(key string) error) error {
	if s.peek() != '{' {
		return s.unexpected(what + " (an object)")
	}
	s.pos++
	var seenArr [16]string
	seen := seenArr[:0]
	var seenMap map[string]struct{}
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.unexpected("a quoted key in " + what)
		}
		keyPos := s.pos
		s.lastKey = keyPos
		key, err := s.str()
		if err != nil {
			return err
		}
		dup := false
		if seenMap != nil {
			_, dup = seenMap[key]
			seenMap[key] = struct{}{}
		} else {
			for _, k := range seen {
				if k == key {
					dup = true
					break
				}
			}
			seen = append(seen, key)
			if len(seen) > 16 {
				seenMap = make(map[string]struct{}, 32)
				for _, k := range seen {
					seenMap[k] = struct{}{}
				}
			}
		}
		if dup {
			s.pos = keyPos
			return s.errorf("duplicate key %q in %s", key, what)
		}
		if s.peek() != ':' {
			return s.unexpected("':' after key " + strconv.Quote(key))
		}
		s.pos++
		s.skipSpace()
		if err := field(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.unexpected("',' or '}' in " + what)
		}
	}
}

// array reads an array, calling elem for each element with the scanner
// positioned at it.
func (s *scanner) array(what string, elem func(i int) error) error {
	if s.peek() != '[' {
		return s.unexpected(what + " (an array)")
	}
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		s.skipSpace()
		if err := elem(i); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.unexpected("',' or ']' in " + what)
		}
	}
}

// str reads a string value.
func (s *scanner) str() (string, error) { return s.scanStr(true) }

// skipStr checks a string value without keeping it (escapes are decoded
// into scratch space and dropped).
func (s *scanner) skipStr() error {
	_, err := s.scanStr(false)
	return err
}

// scanStr reads a string value; keep says whether a value with escapes is
// copied out of the scratch space (a plain value is a substring of the data
// either way, so costs nothing).
func (s *scanner) scanStr(keep bool) (string, error) {
	if s.peek() != '"' {
		return "", s.unexpected("a string")
	}
	s.pos++
	start := s.pos
	d := s.data
	i := start
	for i+8 <= len(d) && plain8(load64(d, i)) {
		i += 8
	}
	for ; i < len(d); i++ {
		if plainInString[d[i]] {
			continue
		}
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return s.data[start:i], nil
		case c == '\\':
			s.pos = i
			b, err := s.strSlow(start)
			if err != nil || !keep {
				return "", err
			}
			return s.keepString(b), nil
		case c < 0x20:
			s.pos = i
			return "", s.errorf("control character 0x%02x inside a string (write it as an escape)", c)
		}
	}
	s.pos = len(s.data)
	return "", s.errorf("unexpected end of file inside a string (truncated?)")
}

// strSlow decodes a string with escapes; s.pos is at the first backslash.
// The result is in scratch space, valid until the next call.
func (s *scanner) strSlow(start int) ([]byte, error) {
	buf := append(s.unescape[:0], s.data[start:s.pos]...)
	defer func() { s.unescape = buf[:0] }()
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return buf, nil
		case c < 0x20:
			return nil, s.errorf("control character 0x%02x inside a string (write it as an escape)", c)
		case c != '\\':
			buf = append(buf, c)
			s.pos++
			continue
		}
		if s.pos+1 >= len(s.data) {
			break
		}
		e := s.data[s.pos+1]
		s.pos += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return nil, s.errorf("bad \\u escape in a string")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
					save := s.pos
					s.pos += 2
					var ok2 bool
					if r2, ok2 = s.hex4(); !ok2 {
						return nil, s.errorf("bad \\u escape in a string")
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
					} else {
						s.pos = save
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			s.pos -= 2
			return nil, s.errorf("invalid escape \\%c in a string", e)
		}
	}
	return nil, s.errorf("unexpected end of file inside a string (truncated?)")
}

func (s *scanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	s.pos += 4
	return r, true
}

// number reads a JSON number and returns its text.
func (s *scanner) number() (string, error) {
	s.skipSpace()
	start := s.pos
	d := s.data
	i := start
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return "", s.unexpected("a number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			s.pos = i
			return "", s.errorf("malformed number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			s.pos = i
			return "", s.errorf("malformed number")
		}
	}
	s.pos = i
	return d[start:i], nil
}

// integer reads a number that must be a whole number fitting in int64.
func (s *scanner) integer(what string) (int64, error) {
	start := s.pos
	text, err := s.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		s.pos = start
		return 0, s.errorf("%s must be a whole number, not %s", what, text)
	}
	return n, nil
}

func (s *scanner) boolean(what string) (bool, error) {
	switch s.peek() {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	}
	return false, s.unexpected(what + " (true or false)")
}

// rawValue reads any JSON value (checking duplicate keys in nested objects)
// and returns its bytes exactly as they appear in the input.
func (s *scanner) rawValue(depth int) (string, error) {
	if depth > 100 {
		return "", s.errorf("value nested too deeply")
	}
	s.skipSpace()
	start := s.pos
	var err error
	switch s.peek() {
	case '{':
		err = s.object("a value", func(string) error { _, e := s.rawValue(depth + 1); return e })
	case '[':
		err = s.array("a value", func(int) error { _, e := s.rawValue(depth + 1); return e })
	case '"':
		err = s.skipStr()
	case 't':
		err = s.literal("true")
	case 'f':
		err = s.literal("false")
	case 'n':
		err = s.literal("null")
	default:
		_, err = s.number()
	}
	if err != nil {
		return "", err
	}
	return s.data[start:s.pos], nil
}
