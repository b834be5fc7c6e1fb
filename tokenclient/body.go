package tokenclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
)

// pair is one body field in wire order. A string value (the standard
// fields) has raw == nil; an extra Field keeps its raw JSON value.
type pair struct {
	name   string
	value  string
	raw    json.RawMessage
	secret string // "" or the environment variable Curl uses for it when redacted
}

// The environment variables a redacted Curl reads the secrets from.
const (
	EnvClientSecret = "AUTHDECK_CLIENT_SECRET"
	EnvRefreshToken = "AUTHDECK_REFRESH_TOKEN"
	EnvUIDSignature = "AUTHDECK_UID_SIGNATURE"
	// EnvAccessToken holds the bearer token of an activation call.
	EnvAccessToken = "AUTHDECK_ACCESS_TOKEN"
)

// head is the five fields every request starts with.
func (r TokenRequest) head() []pair {
	return []pair{
		{name: "clientKey", value: r.ClientKey},
		{name: "clientSecret", value: r.ClientSecret, secret: EnvClientSecret},
		{name: "deviceId", value: r.DeviceID},
		{name: "deviceInfo", value: r.DeviceInfo},
		{name: "networkType", value: string(r.NetworkType)},
	}
}

func (r TokenRequest) extra() []pair {
	out := make([]pair, 0, len(r.Fields))
	for _, f := range r.Fields {
		out = append(out, pair{name: f.Name, raw: f.Value})
	}
	return out
}

// appendOptional adds name=value when value is set.
func appendOptional(p []pair, name, value, secret string) []pair {
	if value == "" {
		return p
	}
	return append(p, pair{name: name, value: value, secret: secret})
}

// pairs is the issue body in wire order: Order, else yt-dlp's (standard
// fields, extra fields, then signatureTimestamp, uid, uidSignature).
func (r TokenRequest) pairs() []pair {
	p := append(r.head(), r.extra()...)
	p = appendOptional(p, "signatureTimestamp", r.SignatureTimestamp, "")
	p = appendOptional(p, "uid", r.UID, "")
	p = appendOptional(p, "uidSignature", r.UIDSignature, EnvUIDSignature)
	return ordered(p, r.Order)
}

// pairs is the refresh body in wire order: RefreshOrder, else EPlusTV's
// (standard fields, refreshToken, uid, signatureTimestamp, uidSignature,
// extra fields).
func (r RefreshRequest) pairs() []pair {
	p := append(r.head(), pair{name: "refreshToken", value: r.RefreshToken, secret: EnvRefreshToken})
	p = appendOptional(p, "uid", r.UID, "")
	p = appendOptional(p, "signatureTimestamp", r.SignatureTimestamp, "")
	p = appendOptional(p, "uidSignature", r.UIDSignature, EnvUIDSignature)
	return ordered(append(p, r.extra()...), r.RefreshOrder)
}

// ordered puts the pairs named in order first, in that order, and the
// rest after them in their default order. Names without a pair are
// skipped; a name given twice counts once (Validate refuses it).
func ordered(p []pair, order []string) []pair {
	if len(order) == 0 {
		return p
	}
	out := make([]pair, 0, len(p))
	used := make([]bool, len(p))
	for _, name := range order {
		for i, x := range p {
			if !used[i] && x.name == name {
				out, used[i] = append(out, x), true
				break
			}
		}
	}
	for i, x := range p {
		if !used[i] {
			out = append(out, x)
		}
	}
	return out
}

// encodeBody writes pairs in order. sub, when non-nil, gives the text to
// write instead of a secret value (for display copies).
func encodeBody(enc Encoding, style JSONStyle, pairs []pair, sub func(pair) string) []byte {
	if enc == EncodingForm {
		return encodeForm(pairs, sub)
	}
	if style == JSONPython {
		return pythonJSON(encodeJSON(pairs, sub), sub != nil)
	}
	return encodeJSON(pairs, sub)
}

// pythonJSON respaces compact JSON as Python's json.dumps writes it by
// default: ", " between items, ": " after keys, and every non-ASCII
// character escaped as \uXXXX (UTF-16 surrogate pairs above U+FFFF). A
// display copy (masked) keeps the mask's bullets as they are.
func pythonJSON(compact []byte, masked bool) []byte {
	var b bytes.Buffer
	inString, escaped := false, false
	for _, r := range string(compact) {
		switch {
		case inString && escaped:
			escaped = false
		case inString && r == '\\':
			escaped = true
		case r == '"':
			inString = !inString
		case !inString && (r == ',' || r == ':'):
			b.WriteRune(r)
			b.WriteByte(' ')
			continue
		}
		if r > 0x7f && !(masked && r == '•') {
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, "\\u%04x", u)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}

// encodeJSON is a compact JSON object in pair order, without HTML escaping
// (so "<" is sent as "<", as a browser or Node client would). An extra
// field's raw value is compacted; one that is not valid JSON (Validate
// refuses it) is sent as a JSON string of its text.
func encodeJSON(pairs []pair, sub func(pair) string) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(marshalBody(p.name))
		b.WriteByte(':')
		switch {
		case p.secret != "" && sub != nil:
			b.Write(marshalBody(sub(p)))
		case p.raw != nil:
			if !json.Valid(p.raw) || json.Compact(&b, p.raw) != nil {
				b.Write(marshalBody(string(p.raw)))
			}
		default:
			b.Write(marshalBody(p.value))
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

// encodeForm is application/x-www-form-urlencoded in pair order (as
// url.Values.Encode escapes, but unsorted). An extra field's value is the
// string itself when its raw JSON is a string, else the JSON text.
func encodeForm(pairs []pair, sub func(pair) string) []byte {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.name))
		b.WriteByte('=')
		switch {
		case p.secret != "" && sub != nil:
			b.WriteString(sub(p)) // display text, not escaped
		case p.raw != nil:
			b.WriteString(url.QueryEscape(FormValue(p.raw)))
		default:
			b.WriteString(url.QueryEscape(p.value))
		}
	}
	return []byte(b.String())
}

// FormValue is the text a raw JSON field value is sent as in a form body:
// a JSON string's contents, or the compact JSON text of anything else.
func FormValue(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) == nil {
		return b.String()
	}
	return string(raw)
}
