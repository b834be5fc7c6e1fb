// Package parts holds the parts of a token request that a saved profile
// keeps beside the standard fields (extra body fields, extra headers, the
// body encoding, its JSON spacing and field order) and the rules its endpoint is checked against before
// anything is sent (loopback, a full token URL given as the base). It
// imports nothing that sends, so the profile store can use it without
// net/http; package tokenclient re-exports these names.
package parts

import (
	"encoding/json"
	"slices"
)

// Field is one extra body field a client sends beside the standard ones
// (peacockUUID, mvpdIdp, ...). Value is raw JSON: a string is `"x"`, a
// number `42`, an object `{...}`. Fields keep their order on the wire.
type Field struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// Header is one extra request header, sent in order after the standard ones.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Encoding is how a request body is encoded on the wire.
type Encoding string

// The body encodings: JSON is the default and what the contract documents;
// Form (application/x-www-form-urlencoded) is what some scripts send.
const (
	EncodingJSON Encoding = "json"
	EncodingForm Encoding = "form"
)

// JSONStyle is how a JSON body is spaced on the wire.
type JSONStyle string

// The JSON styles: compact (JSON.stringify, Go, Python with
// separators=(",", ":")) and Python's json.dumps default, which puts a
// space after each comma and colon and escapes every non-ASCII character
// as \uXXXX (what requests sends for json=).
const (
	JSONCompact JSONStyle = ""
	JSONPython  JSONStyle = "python"
)

// standardFields are the body fields of the issue and refresh requests.
var standardFields = []string{
	"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType",
	"refreshToken", "uid", "uidSignature", "signatureTimestamp",
}

// IsStandardField reports whether name is a standard body field of the
// issue or refresh request: a name an extra field may not use, and one a
// field order may name beside the extra fields.
func IsStandardField(name string) bool {
	return slices.Contains(standardFields, name)
}

// CarriedOrder is the names of a field order that a request with the extra
// fields fields carries: the standard fields and those fields, in order
// (nil when none is left). The names it leaves out would be skipped on the
// wire; a saved profile keeps only names it carries.
func CarriedOrder(order []string, fields []Field) []string {
	var out []string
	for _, name := range order {
		if IsStandardField(name) || slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name }) {
			out = append(out, name)
		}
	}
	return out
}

// ContentType is the Content-Type header value for the encoding.
func (e Encoding) ContentType() string {
	if e == EncodingForm {
		return "application/x-www-form-urlencoded"
	}
	return "application/json"
}
