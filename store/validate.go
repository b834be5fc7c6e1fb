package store

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxNameLen is the longest profile name.
const MaxNameLen = 64

// NameError says why a profile name was refused.
type NameError struct {
	Name   string
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("profile name %q %s; use 1–%d letters, digits, '.', '_' or '-' (not \".\" or \"..\")",
		e.Name, e.Reason, MaxNameLen)
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

func (e *EndpointError) Error() string {
	return fmt.Sprintf("endpoint %q %s; use an https:// base URL (http:// only for localhost, 127.0.0.0/8 or ::1), without user info",
		e.Endpoint, e.Reason)
}

// ValidateEndpoint checks an endpoint base URL: https, or http for loopback
// hosts (127.0.0.0/8, ::1, localhost); a host is required; no user info,
// query or fragment.
func ValidateEndpoint(endpoint string) error {
	fail := func(reason string) error { return &EndpointError{Endpoint: redactURL(endpoint), Reason: reason} }
	if endpoint == "" {
		return fail("is empty")
	}
	if strings.TrimSpace(endpoint) != endpoint {
		return fail("has leading or trailing spaces")
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
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fail("uses http for a host that is not loopback")
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
