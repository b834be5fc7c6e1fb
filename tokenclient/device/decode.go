package device

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Decode errors. Every error Decode or ParseJSON returns satisfies errors.Is
// with exactly one of these, so callers can tell the classes apart.
var (
	// ErrNotBase64 means the text is not standard padded base64.
	ErrNotBase64 = errors.New("device info is not standard padded base64")
	// ErrNotJSON means the decoded bytes are not a single JSON value.
	ErrNotJSON = errors.New("device info is not JSON")
	// ErrNotObject means the JSON is valid but not an object.
	ErrNotObject = errors.New("device info is not a JSON object")
	// ErrMissingKey means one of model, version, osName, osVersion is absent;
	// the error is a *MissingKeyError naming the key.
	ErrMissingKey = errors.New("device info is missing a key")
	// ErrNotString means one of the four standard keys holds something other
	// than a JSON string; the error is a *KeyTypeError naming the key.
	ErrNotString = errors.New("device info key is not a string")
)

// MissingKeyError reports the first of the four standard keys that is absent.
// errors.Is(err, ErrMissingKey) holds for it.
type MissingKeyError struct {
	Key string
}

// Error names the missing key and what public clients send.
func (e *MissingKeyError) Error() string {
	return fmt.Sprintf("device info has no %q key; it needs model, version, osName and osVersion", e.Key)
}

// Is reports whether target is ErrMissingKey.
func (e *MissingKeyError) Is(target error) bool { return target == ErrMissingKey }

// KeyTypeError reports a standard key whose value is not a JSON string.
// errors.Is(err, ErrNotString) holds for it.
type KeyTypeError struct {
	Key  string // the standard key, e.g. "osVersion"
	Kind string // what the value is instead: "number", "object", "array", "boolean", "null"
}

// Error names the key, what it holds and what it should hold.
func (e *KeyTypeError) Error() string {
	return fmt.Sprintf("device info key %q holds a JSON %s; it must be a string (e.g. \"10\")", e.Key, e.Kind)
}

// Is reports whether target is ErrNotString.
func (e *KeyTypeError) Is(target error) bool { return target == ErrNotString }

// Decode parses base64 device info, the inverse of Encode: standard padded
// base64 (surrounding white space ignored) of a JSON object holding the four
// standard keys as strings. Other keys are kept in Extra, in order, with
// their values compacted but otherwise as given, so Encode(Decode(s)) == s
// for any s that Encode could have produced.
func Decode(s string) (Info, error) {
	s = strings.TrimSpace(s)
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		hint := ""
		switch bad := firstNonBase64(s); {
		case bad != "" && !strings.ContainsAny(s, "-_"):
			hint = "; it contains " + bad + ", which is not in the base64 alphabet (A-Z, a-z, 0-9, + and /, = only at the end): paste the value again"
		case strings.ContainsAny(s, "-_"):
			hint = "; it looks URL-safe: use + and / instead of - and _"
		case len(s)%4 != 0:
			hint = "; its length is not a multiple of 4: add the = padding"
		}
		return Info{}, fmt.Errorf("%w (%v)%s", ErrNotBase64, err, hint)
	}
	return ParseJSON(data)
}

// ParseJSON parses the JSON form of device info (what Info.JSON returns). It
// applies the same checks as Decode after the base64 step. When a key
// appears twice, the last standard value wins, like encoding/json; repeated
// extra keys are all kept.
func ParseJSON(data []byte) (Info, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if len(bytes.TrimSpace(data)) == 0 {
			err = errors.New("it is empty")
		}
		return Info{}, fmt.Errorf("%w (%v)", ErrNotJSON, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return Info{}, fmt.Errorf("%w (%v)", ErrNotJSON, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return Info{}, fmt.Errorf("%w (it is %s)", ErrNotObject, kindOfToken(tok))
	}
	var info Info
	var seen [4]bool
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return Info{}, fmt.Errorf("%w (%v)", ErrNotJSON, err)
		}
		key, _ := kt.(string) // object keys are always strings in valid JSON
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return Info{}, fmt.Errorf("%w (%v)", ErrNotJSON, err)
		}
		idx := standardIndex(key)
		if idx < 0 {
			info.Extra = append(info.Extra, ExtraField{Key: key, Value: compact(raw)})
			continue
		}
		var val string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &val) != nil {
			return Info{}, &KeyTypeError{Key: key, Kind: kindOfRaw(raw)}
		}
		seen[idx] = true
		switch idx {
		case 0:
			info.Model = val
		case 1:
			info.Version = val
		case 2:
			info.OSName = val
		case 3:
			info.OSVersion = val
		}
	}
	for n, ok := range seen {
		if !ok {
			return Info{}, &MissingKeyError{Key: standardKeys[n]}
		}
	}
	return info, nil
}

// standardIndex returns the position of key among the standard keys, or -1.
func standardIndex(key string) int {
	for n, k := range standardKeys {
		if k == key {
			return n
		}
	}
	return -1
}

// compact returns raw without insignificant white space, copied so it does
// not alias the decoder's buffer.
func compact(raw json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	buf.Grow(len(raw))
	if json.Compact(&buf, raw) != nil {
		return append(json.RawMessage(nil), raw...)
	}
	return buf.Bytes()
}

// kindOfToken names the JSON kind of a first token, for error messages.
func kindOfToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "not an object"
}

// kindOfRaw names the JSON kind of a raw value, for KeyTypeError.
func kindOfRaw(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '"':
		return "string"
	}
	return "number"
}

// firstNonBase64 describes the first character of s outside the standard
// base64 alphabet ("'!' at position 8"), or "" when every character is in
// it. '=' counts as in the alphabet anywhere: misplaced padding is a length
// or padding problem, not a stray character.
func firstNonBase64(s string) string {
	for i, r := range s {
		switch {
		case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '+', r == '/', r == '=':
			continue
		case r < 0x20 || r == 0x7f || r > 0x7e:
			return fmt.Sprintf("the character %U at position %d", r, i+1)
		}
		return fmt.Sprintf("%q at position %d", r, i+1)
	}
	return ""
}
