package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/parts"
)

// MaxNameLen is the longest profile name.
const MaxNameLen = 64

// NameError says why a profile name was refused.
type NameError struct {
	Name   string
	Reason string
}

// Error describes the problem; it never contains a secret.
func (e *NameError) Error() string {
	return fmt.Sprintf("profile name %s %s; use 1–%d letters, digits, '.', '_' or '-' (not \".\" or \"..\")",
		shortQuote(e.Name), e.Reason, MaxNameLen)
}

// shortQuote quotes s for a message, cut to a readable length: a name of
// 100 KB is not echoed in full.
func shortQuote(s string) string {
	const max = 80
	if len(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:cut], len(s))
}

// ValidateName checks a profile name: 1–64 ASCII letters, digits, '.', '_'
// or '-', and not "." or "..".
func ValidateName(name string) error {
	switch {
	case name == "":
		return &NameError{Name: name, Reason: "is empty"}
	case len(name) > MaxNameLen:
		return &NameError{Name: name, Reason: fmt.Sprintf("is %d characters long", len(name))}
	case name == "." || name == "..":
		return &NameError{Name: name, Reason: "is a path component"}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(name[i:])
		what := fmt.Sprintf("%q", r)
		switch {
		case r == ' ':
			what = "a space"
		case r == '/' || r == '\\':
			what = "a slash"
		case r < 0x20 || r == 0x7f:
			what = "a control character"
		}
		return &NameError{Name: name, Reason: "contains " + what}
	}
	return nil
}

// EndpointError says why an endpoint URL was refused.
type EndpointError struct {
	Endpoint string
	Reason   string
}

// Error describes the problem; it never contains a secret.
func (e *EndpointError) Error() string {
	return fmt.Sprintf("endpoint %q %s; use an https:// base URL (http:// only for localhost, 127.0.0.0/8 or ::1), without user info",
		e.Endpoint, e.Reason)
}

// ValidateEndpoint checks an endpoint base URL: https, or http for loopback
// hosts (parts.IsLoopback: 127.0.0.0/8, ::1, localhost); a host is
// required, a port (if any) from 1 to 65535; no user info, query or
// fragment, and not a full token URL (the client adds the token path).
func ValidateEndpoint(endpoint string) error {
	fail := func(reason string) error { return &EndpointError{Endpoint: redactURL(endpoint), Reason: reason} }
	if endpoint == "" {
		return fail("is empty")
	}
	if strings.TrimSpace(endpoint) != endpoint {
		return fail("has leading or trailing spaces")
	}
	if !utf8.ValidString(endpoint) {
		return fail("is not valid UTF-8 text; retype it")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return fail("is not a URL")
	}
	if u.User != nil {
		return fail("contains user info")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		if u.Scheme == "" {
			return fail("has no scheme")
		}
		return fail(fmt.Sprintf("uses scheme %q", u.Scheme))
	}
	if u.Host == "" || u.Hostname() == "" {
		return fail("has no host")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return fail("has a query or fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fail(fmt.Sprintf("has port %s: a port is a number from 1 to 65535", p))
		}
	}
	if u.Scheme == "http" && !parts.IsLoopback(u.Hostname()) {
		return fail("uses http for a host that is not loopback (loopback is localhost, 127.0.0.0/8 or [::1])")
	}
	if base, path, ok := parts.SplitTokenURL(endpoint); ok {
		return fail(fmt.Sprintf("is the whole token URL, but authdeck adds %s itself: save the base URL %s instead", path, base))
	}
	return nil
}

// onlyHTTP reports whether the only problem of endpoint is plain http to a
// host that is not loopback.
func onlyHTTP(endpoint string) bool {
	rest, ok := strings.CutPrefix(endpoint, "http://")
	return ok && ValidateEndpoint("https://"+rest) == nil
}

// redactURL removes user info (which may hold a password) from a URL for an
// error message.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if i := strings.Index(s, "@"); i >= 0 && strings.Contains(s[:i], "://") {
			return s[:strings.Index(s, "://")+3] + "…@" + s[i+1:]
		}
		return s
	}
	u.User = url.User("…")
	return u.String()
}

// minTime and maxTime bound the times profiles.json can hold (RFC 3339
// years 0000–9999).
var (
	minTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// normalize validates the configuration of p and puts it in the form it
// reads back in: compact JSON values, UTC times, nil for empty lists.
func normalize(p *Profile) error {
	if err := ValidateName(p.Name); err != nil {
		return err
	}
	if err := ValidateEndpoint(p.Endpoint); err != nil && !(p.insecureHTTP && onlyHTTP(p.Endpoint)) {
		return fmt.Errorf("profile %q: %w", p.Name, err)
	}
	p.insecureHTTP = p.insecureHTTP && ValidateEndpoint(p.Endpoint) != nil
	fe := func(field, problem string) error { return &FieldError{p.Name, field, problem} }
	if p.NetworkType != "" && !p.NetworkType.Valid() {
		return fe("networkType", fmt.Sprintf("%q is not one of other, wifi, cellular, ethernet", p.NetworkType))
	}
	switch p.Encoding {
	case "", parts.EncodingJSON, parts.EncodingForm:
	default:
		return fe("encoding", fmt.Sprintf("%q is not json or form", p.Encoding))
	}
	for _, f := range []struct{ name, v string }{
		{"clientKey", p.ClientKey}, {"deviceId", p.DeviceID}, {"note", p.Note}, {"uid", p.UID}, {"userAgent", p.UserAgent},
		{"deviceInfo.model", p.DeviceInfo.Model}, {"deviceInfo.version", p.DeviceInfo.Version},
		{"deviceInfo.osName", p.DeviceInfo.OSName}, {"deviceInfo.osVersion", p.DeviceInfo.OSVersion},
	} {
		if !utf8.ValidString(f.v) {
			return fe(f.name, "is not valid UTF-8 text; retype it")
		}
	}
	if strings.ContainsFunc(p.UserAgent+p.UID, isControl) {
		return fe("userAgent or uid", "contains a control character; remove it")
	}
	seen := map[string]bool{"model": true, "version": true, "osName": true, "osVersion": true}
	for i, x := range p.DeviceInfo.Extra {
		if !utf8.ValidString(x.Key) {
			return fe("deviceInfo", "has an extra key that is not valid UTF-8 text")
		}
		if seen[x.Key] {
			return fe("deviceInfo", fmt.Sprintf("has key %q twice; keep one", x.Key))
		}
		seen[x.Key] = true
		c, err := compactJSON(x.Value)
		if err != nil {
			return fe("deviceInfo."+x.Key, "is not a JSON value")
		}
		p.DeviceInfo.Extra[i].Value = c
	}
	if len(p.DeviceInfo.Extra) == 0 {
		p.DeviceInfo.Extra = nil
	}
	names := map[string]bool{}
	for i, f := range p.Fields {
		what := fmt.Sprintf("fields[%d]", i)
		switch {
		case f.Name == "" || !utf8.ValidString(f.Name) || strings.ContainsFunc(f.Name, isControl):
			return fe(what, "needs a name of printable text")
		case parts.IsStandardField(f.Name):
			return fe(what, fmt.Sprintf("%q is a standard field; set it in its own place", f.Name))
		case names[f.Name]:
			return fe(what, fmt.Sprintf("%q is given twice; keep one", f.Name))
		}
		names[f.Name] = true
		c, err := compactJSON(f.Value)
		if err != nil {
			return fe(what, fmt.Sprintf("%q is not a JSON value (a string needs quotes)", f.Name))
		}
		p.Fields[i].Value = c
	}
	if len(p.Fields) == 0 {
		p.Fields = nil
	}
	for i, h := range p.Headers {
		what := fmt.Sprintf("headers[%d]", i)
		switch {
		case !validHeaderName(h.Name):
			return fe(what, fmt.Sprintf("name %q is not an HTTP header name", h.Name))
		case strings.EqualFold(h.Name, "Host") || strings.EqualFold(h.Name, "Content-Length") || strings.EqualFold(h.Name, "Content-Type"):
			return fe(what, fmt.Sprintf("%s is set by authdeck; remove it", h.Name))
		case !utf8.ValidString(h.Value) || strings.ContainsFunc(h.Value, func(r rune) bool { return r != '\t' && isControl(r) }):
			return fe(what, fmt.Sprintf("value of %s contains a control character or invalid text", h.Name))
		}
	}
	if len(p.Headers) == 0 {
		p.Headers = nil
	}
	if err := validateStyleAndOrder(p); err != nil {
		return err
	}
	for _, t := range []struct {
		name string
		v    *time.Time
	}{{"created", &p.Created}, {"updated", &p.Updated}} {
		*t.v = t.v.UTC()
		if t.v.Before(minTime) || t.v.After(maxTime) {
			return fe(t.name, "is outside the years 0000–9999")
		}
	}
	if p.deviceInfoRaw != "" && !p.DeviceInfoVerbatim() {
		p.deviceInfoRaw = ""
	}
	switch p.SecretStore {
	case "", SecretKeyring, SecretFile:
	default:
		return fe("secretStore", fmt.Sprintf("%q is not keyring or file", p.SecretStore))
	}
	return nil
}

// validateStyleAndOrder checks the JSON spacing and the two field orders:
// each names a standard body field or one of p's extra fields, once.
// Empty orders are stored as nil.
func validateStyleAndOrder(p *Profile) error {
	switch p.JSONStyle {
	case parts.JSONCompact, parts.JSONPython:
	default:
		return &FieldError{p.Name, "jsonStyle", fmt.Sprintf("%q is not a JSON style; use %q or leave it out (compact)", p.JSONStyle, parts.JSONPython)}
	}
	for _, o := range []struct {
		field string
		names *[]string
	}{{"order", &p.Order}, {"refreshOrder", &p.RefreshOrder}} {
		seen := map[string]bool{}
		for i, name := range *o.names {
			what := fmt.Sprintf("%s[%d]", o.field, i)
			switch {
			case seen[name]:
				return &FieldError{p.Name, what, fmt.Sprintf("names %q twice; keep one", name)}
			case !parts.IsStandardField(name) && !slices.ContainsFunc(p.Fields, func(f parts.Field) bool { return f.Name == name }):
				return &FieldError{p.Name, what, fmt.Sprintf("%q is not a body field of the request; name a standard field (clientKey, deviceId, ...) or one of the profile's extra fields, or remove it", name)}
			}
			seen[name] = true
		}
		if len(*o.names) == 0 {
			*o.names = nil
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f }

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

func compactJSON(v json.RawMessage) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return nil, err
	}
	if b.Len() == 0 {
		return nil, fmt.Errorf("empty")
	}
	return b.Bytes(), nil
}
