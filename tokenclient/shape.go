package tokenclient

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/parts"
)

// refusedHeaders are the headers Headers may not set, with why.
var refusedHeaders = map[string]string{
	"host":              "the transport sets Host from the endpoint URL: change the endpoint instead",
	"content-length":    "the transport sets Content-Length from the body",
	"content-type":      "Content-Type follows the body encoding: choose JSON or form encoding instead",
	"user-agent":        "set the user agent option instead of a User-Agent header",
	"transfer-encoding": "the transport sets Transfer-Encoding",
	"connection":        "the transport manages the connection",
}

// shapeProblems checks the extra fields, headers, user agent and encoding.
func (r TokenRequest) shapeProblems() []FieldError {
	var p []FieldError
	seen := map[string]bool{}
	for i, f := range r.Fields {
		at := fmt.Sprintf("extra field %d", i+1)
		switch {
		case f.Name == "":
			p = append(p, FieldError{"fields", at + " has no name: give it one, e.g. peacockUUID"})
			continue
		case !utf8.ValidString(f.Name):
			p = append(p, FieldError{"fields", at + " has a name that " + invalidUTF8})
			continue
		case strings.IndexFunc(f.Name, unicode.IsControl) >= 0:
			p = append(p, FieldError{"fields", fmt.Sprintf("%s name %s contains control characters: remove them", at, quoteShort(f.Name))})
			continue
		case parts.IsStandardField(f.Name):
			p = append(p, FieldError{"fields", fmt.Sprintf("extra field %s is a standard field of the request: set it in its own field, or rename the extra one", quoteShort(f.Name))})
		case seen[f.Name]:
			p = append(p, FieldError{"fields", fmt.Sprintf("extra field %s is given twice: keep one", quoteShort(f.Name))})
		}
		seen[f.Name] = true
		switch {
		case len(f.Value) == 0:
			p = append(p, FieldError{"fields", fmt.Sprintf("extra field %s has no value: give a JSON value such as \"text\", 42 or true", quoteShort(f.Name))})
		case !utf8.Valid(f.Value):
			p = append(p, FieldError{"fields", fmt.Sprintf("extra field %s has a value that %s", quoteShort(f.Name), invalidUTF8)})
		case !json.Valid(f.Value):
			p = append(p, FieldError{"fields", fmt.Sprintf("extra field %s is not valid JSON: quote a string (\"text\"), or give a number, true, false, null, an array or an object", quoteShort(f.Name))})
		}
	}
	for i, h := range r.Headers {
		p = append(p, headerProblems(i, h)...)
	}
	switch {
	case !utf8.ValidString(r.UserAgent):
		p = append(p, FieldError{"userAgent", invalidUTF8})
	case !validHeaderValue(r.UserAgent):
		p = append(p, FieldError{"userAgent", "contains control characters (line breaks, tabs): remove them"})
	case r.UserAgent != strings.TrimSpace(r.UserAgent):
		p = append(p, FieldError{"userAgent", "has spaces at the start or end: remove them"})
	}
	switch r.Encoding {
	case "", EncodingJSON, EncodingForm:
	default:
		p = append(p, FieldError{"encoding", fmt.Sprintf("%s is not a body encoding: use %q or %q", quoteShort(string(r.Encoding)), EncodingJSON, EncodingForm)})
	}
	switch r.JSONStyle {
	case JSONCompact, JSONPython:
	default:
		p = append(p, FieldError{"jsonStyle", fmt.Sprintf("%s is not a JSON style: use %q or leave it empty (compact)", quoteShort(string(r.JSONStyle)), JSONPython)})
	}
	p = append(p, orderProblems("order", r.Order)...)
	return append(p, orderProblems("refreshOrder", r.RefreshOrder)...)
}

// orderProblems checks a field order: names, each once.
func orderProblems(field string, order []string) []FieldError {
	var p []FieldError
	seen := map[string]bool{}
	for _, name := range order {
		switch {
		case name == "":
			p = append(p, FieldError{field, "has an empty name: remove it"})
		case seen[name]:
			p = append(p, FieldError{field, fmt.Sprintf("names %s twice: keep one", quoteShort(name))})
		}
		seen[name] = true
	}
	return p
}

// headerProblems checks one extra header: a valid token name that is not
// one the transport or the encoding sets, and a value without controls.
func headerProblems(i int, h Header) []FieldError {
	at := fmt.Sprintf("extra header %d", i+1)
	if h.Name == "" {
		return []FieldError{{"headers", at + " has no name: write it as Name: value"}}
	}
	if !validHeaderName(h.Name) {
		return []FieldError{{"headers", fmt.Sprintf("%s name %s is not a header name: use letters, digits and - only (no spaces or colons)", at, quoteShort(h.Name))}}
	}
	if why, refused := refusedHeaders[strings.ToLower(h.Name)]; refused {
		return []FieldError{{"headers", fmt.Sprintf("the %s header cannot be set: %s", h.Name, why)}}
	}
	switch {
	case !utf8.ValidString(h.Value):
		return []FieldError{{"headers", fmt.Sprintf("the value of %s %s", h.Name, invalidUTF8)}}
	case !validHeaderValue(h.Value):
		return []FieldError{{"headers", fmt.Sprintf("the value of %s contains control characters (line breaks, tabs): remove them", h.Name)}}
	}
	return nil
}

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return s != ""
}

// validHeaderValue reports whether s has no control characters (tab
// included: it is legal on the wire but almost always a paste accident).
func validHeaderValue(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) < 0
}

// Equal reports whether r and o are the same request, field by field
// (extra fields by name and JSON text, headers by name and value, in
// order). TokenRequest holds slices, so == does not compile; use Equal.
func (r TokenRequest) Equal(o TokenRequest) bool {
	type plain struct {
		key, secret, id, info, uid, sig, ts, ua string
		nt                                      NetworkType
		enc                                     Encoding
		style                                   JSONStyle
	}
	flat := func(t TokenRequest) plain {
		return plain{t.ClientKey, t.ClientSecret, t.DeviceID, t.DeviceInfo, t.UID, t.UIDSignature,
			t.SignatureTimestamp, t.UserAgent, t.NetworkType, t.Encoding, t.JSONStyle}
	}
	return flat(r) == flat(o) && slices.EqualFunc(r.Fields, o.Fields, func(x, y Field) bool {
		return x.Name == y.Name && string(x.Value) == string(y.Value)
	}) && slices.Equal(r.Headers, o.Headers) && slices.Equal(r.Order, o.Order) && slices.Equal(r.RefreshOrder, o.RefreshOrder)
}

// SignedIn reports whether the request is for a signed-in user (uid is
// set). A refused refresh of a signed-in request must be reported as a
// rejected signed-in session, never replaced by an anonymous issue.
func (r TokenRequest) SignedIn() bool { return r.UID != "" }
