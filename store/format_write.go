package store

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// encodeProfiles writes profiles in the profiles.json format: pretty-printed,
// one key per line, history entries one per line. secrets, when non-nil,
// parallels profiles and adds a "secrets" object (the export format).
// Profiles are written in the order given.
func encodeProfiles(profiles []Profile, secrets []*Secrets) string {
	return encode(profiles, secrets, nil, nil).text()
}

// span is where one profile's object is in a file's text.
type span struct{ start, end int }

// profileSep goes before every profile object but the first.
const profileSep = ",\n    "

// encode is encodeProfiles that returns the text as a snapshot and, given
// the snapshot the profiles were read from, reuses the text of every profile
// that is unchanged since (keeping its hand-made formatting and saving the
// encoding work). Runs of unchanged profiles that were adjacent in base are
// referenced as one piece of base's text rather than copied, so saving one
// profile of 10 000 allocates about the size of that profile, not of the
// file; only new text is built, in one growing block.
//
// orig holds the original values of base's profiles that were changed in
// place (see txn), by index.
func encode(profiles []Profile, secrets []*Secrets, base *snapshot, orig map[int]Profile) *snapshot {
	e := encoder{base: base}
	if base == nil || base.locs == nil || secrets != nil {
		e.buf = make([]byte, 0, encodedSizeBound(profiles, secrets != nil))
	} else {
		e.buf = make([]byte, 0, 4096)
	}
	e.locs = make([]loc, 0, len(profiles))
	e.add("{\n  \"version\": ")
	e.buf = strconv.AppendInt(e.buf, FormatVersion, 10)
	e.add(",\n  \"profiles\": [")
	j := 0
	for i := range profiles {
		sep := profileSep
		if i == 0 {
			sep = "\n    "
		}
		p := &profiles[i]
		var sec *Secrets
		if secrets != nil {
			sec = secrets[i]
		}
		if at, ok := base.unchanged(p, &j, orig); ok && sec == nil {
			e.reuse(sep, at)
			continue
		}
		e.add(sep)
		start := len(e.buf) - e.pending
		e.buf = appendProfile(e.buf, p, sec)
		e.locs = append(e.locs, loc{len(e.parts), start, len(e.buf) - e.pending})
	}
	if len(profiles) > 0 {
		e.add("\n  ")
	}
	e.add("]\n}\n")
	e.flush()
	return &snapshot{parts: e.parts, profiles: profiles, locs: e.locs}
}

// encoder collects the pieces of a file: runs of base's text and new text.
// At most one of them is open (not yet in parts) at a time; its part index
// will be len(parts).
type encoder struct {
	base  *snapshot
	parts []string
	locs  []loc

	buf     []byte // new text; only ever appended to, so parts cut from it stay valid
	pending int    // start of the open new text in buf

	run                 bool // a run of base text is open
	runPart, runS, runE int
}

// add appends new text.
func (e *encoder) add(text string) {
	e.closeRun()
	e.buf = append(e.buf, text...)
}

// reuse appends sep and base's text at at, extending the open run when the
// text between it and at is sep.
func (e *encoder) reuse(sep string, at loc) {
	src := e.base.parts[at.part]
	if e.run && e.runPart == at.part && at.start-e.runE == len(sep) && src[e.runE:at.start] == sep {
		e.runE = at.end
	} else {
		e.add(sep)
		e.flushNew()
		e.run, e.runPart, e.runS, e.runE = true, at.part, at.start, at.end
	}
	e.locs = append(e.locs, loc{len(e.parts), at.start - e.runS, at.end - e.runS})
}

func (e *encoder) closeRun() {
	if e.run {
		e.parts = append(e.parts, e.base.parts[e.runPart][e.runS:e.runE])
		e.run = false
		e.pending = len(e.buf)
	}
}

func (e *encoder) flushNew() {
	if n := len(e.buf); n > e.pending {
		e.parts = append(e.parts, unsafe.String(&e.buf[e.pending], n-e.pending))
		e.pending = n
	}
}

func (e *encoder) flush() {
	e.closeRun()
	e.flushNew()
}

// encodedSizeBound is an upper bound on the encoded size (every string
// counted as if each byte needed a 6-byte escape would be too generous; 2×
// plus the fixed parts covers ordinary text), so the buffer is allocated once.
func encodedSizeBound(profiles []Profile, withSecrets bool) int {
	n := 64
	for i := range profiles {
		p := &profiles[i]
		n += 640 + 2*(len(p.Name)+len(p.Endpoint)+len(p.ClientKey)+len(p.DeviceID)+len(p.Note)+
			len(p.DeviceInfo.Model)+len(p.DeviceInfo.Version)+len(p.DeviceInfo.OSName)+len(p.DeviceInfo.OSVersion))
		for _, x := range p.DeviceInfo.Extra {
			n += 16 + 2*len(x.Key) + len(x.Value)
		}
		for _, h := range p.History {
			n += 120 + 2*len(h.Error)
		}
		if withSecrets {
			n += 1024
		}
	}
	return n
}

func appendProfile(b []byte, p *Profile, sec *Secrets) []byte {
	const in = "\n      "
	b = append(b, '{')
	b = appendField(b, in, "name", p.Name, true)
	b = appendField(b, in, "endpoint", p.Endpoint, false)
	b = appendField(b, in, "clientKey", p.ClientKey, false)
	b = appendField(b, in, "deviceId", p.DeviceID, false)
	b = append(b, ","+in+`"deviceInfo": {`...)
	const in2 = "\n        "
	d := &p.DeviceInfo
	b = appendField(b, in2, "model", d.Model, true)
	b = appendField(b, in2, "version", d.Version, false)
	b = appendField(b, in2, "osName", d.OSName, false)
	b = appendField(b, in2, "osVersion", d.OSVersion, false)
	for _, x := range d.Extra {
		b = append(b, ","+in2...)
		b = appendString(b, x.Key)
		b = append(b, ": "...)
		b = append(b, x.Value...)
	}
	b = append(b, in+"}"...)
	b = appendField(b, in, "networkType", string(p.NetworkType), false)
	if p.Note != "" {
		b = appendField(b, in, "note", p.Note, false)
	}
	if p.SecretStore != "" {
		b = appendField(b, in, "secretStore", string(p.SecretStore), false)
	}
	b = appendTimeField(b, in, "created", p.Created)
	b = appendTimeField(b, in, "updated", p.Updated)
	b = appendTimeField(b, in, "lastUsed", p.LastUsed)
	if t := p.Token; t != nil {
		b = append(b, ","+in+`"token": {`...)
		b = append(b, in2+`"expiresIn": `...)
		b = strconv.AppendInt(b, t.ExpiresIn, 10)
		b = appendTimeField(b, in2, "expiresAt", t.ExpiresAt)
		b = appendTimeField(b, in2, "obtainedAt", t.ObtainedAt)
		b = append(b, ","+in2+`"relative": `...)
		b = strconv.AppendBool(b, t.Relative)
		b = append(b, in+"}"...)
	}
	if len(p.History) > 0 {
		b = append(b, ","+in+`"history": [`...)
		for i := range p.History {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendHistory(b, in2, &p.History[i])
		}
		b = append(b, in+"]"...)
	}
	if sec != nil {
		b = append(b, ","+in+`"secrets": {`...)
		b = appendField(b, in2, "clientSecret", sec.ClientSecret, true)
		b = appendField(b, in2, "accessToken", sec.AccessToken, false)
		b = appendField(b, in2, "refreshToken", sec.RefreshToken, false)
		b = append(b, in+"}"...)
	}
	return append(b, "\n    }"...)
}

func appendHistory(b []byte, indent string, e *HistoryEntry) []byte {
	b = append(b, indent+`{"time": `...)
	b = appendTime(b, e.Time)
	b = append(b, `, "kind": `...)
	b = appendString(b, e.Kind)
	b = append(b, `, "status": `...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, `, "duration": `...)
	b = appendString(b, e.Duration.String())
	if e.Error != "" {
		b = append(b, `, "error": `...)
		b = appendString(b, e.Error)
	}
	return append(b, '}')
}

// appendField appends `"key": "value"` on a new line, preceded by a comma
// unless first.
func appendField(b []byte, indent, key, value string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, indent...)
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `": `...)
	return appendString(b, value)
}

// appendTimeField appends a time field, or nothing for the zero time.
func appendTimeField(b []byte, indent, key string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	b = append(b, ',')
	b = append(b, indent...)
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `": `...)
	return appendTime(b, t)
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = appendUTCTime(b, t)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// plainByte marks the bytes appendString copies as they are: printable ASCII
// other than '"' and '\\', and every byte of a multi-byte UTF-8 sequence.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD (Save
// refuses it earlier, so this only guards the file's validity).
func appendString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plainByte[c] {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// encodeSecretsFile writes secrets.json, names sorted.
func encodeSecretsFile(m map[string]Secrets) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	b := make([]byte, 0, 64+256*len(names))
	b = append(b, "{\n  \"version\": 1,\n  \"secrets\": {"...)
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		sec := m[n]
		b = append(b, "\n    "...)
		b = appendString(b, n)
		b = append(b, ": {"...)
		const in = "\n      "
		b = appendField(b, in, "clientSecret", sec.ClientSecret, true)
		b = appendField(b, in, "accessToken", sec.AccessToken, false)
		b = appendField(b, in, "refreshToken", sec.RefreshToken, false)
		b = append(b, "\n    }"...)
	}
	if len(names) > 0 {
		b = append(b, "\n  "...)
	}
	return string(append(b, "}\n}\n"...))
}
