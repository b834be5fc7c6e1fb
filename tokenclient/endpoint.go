package tokenclient

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/parts"
)

// ValidateEndpoint is the one rule for where a request may go, applied by
// Send to every request whatever the endpoint came from (flag, environment,
// form, profile): an http or https URL with a host, a port (if any) from 1
// to 65535, no user info and no fragment, and plain http only to a loopback
// host (localhost, 127.0.0.0/8, ::1) unless allowInsecureHTTP, because the
// body carries the client secret. raw may be a base URL or a full request
// URL; one whose path ends with the token path twice (a whole token URL
// given as the endpoint, with the path added again) is refused naming the
// base URL to use. A problem is a *ValidationError on "endpoint" whose message names
// what was parsed as the host.
func ValidateEndpoint(raw string, allowInsecureHTTP bool) error {
	_, err := checkEndpoint(raw, allowInsecureHTTP)
	return err
}

func checkEndpoint(raw string, allowInsecureHTTP bool) (*url.URL, error) {
	bad := func(format string, args ...any) (*url.URL, error) {
		return nil, &ValidationError{Problems: []FieldError{{Field: "endpoint", Message: fmt.Sprintf(format, args...)}}}
	}
	if !utf8.ValidString(raw) {
		return bad("%s", invalidUTF8)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("%s is not an http(s) URL: use a base URL like %s", quoteShort(withoutUserInfo(raw)), DefaultBaseURL)
	}
	host := u.Hostname()
	if u.User != nil {
		// Redacted hides a password: the message must never show one.
		return bad("%s has user info before \"@\", so its host is %s: remove everything up to and including the \"@\"", quoteShort(u.Redacted()), quoteShort(host))
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return bad("%s has a \"#\", which starts a fragment, so its host is %s and the rest is not part of the address: remove the \"#\" and what follows", quoteShort(raw), quoteShort(host))
	}
	if host == "" {
		return bad("%s has no host name: use a base URL like %s", quoteShort(raw), DefaultBaseURL)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("%s has port %s: a port is a number from 1 to 65535", quoteShort(raw), quoteShort(p))
		}
	}
	if outer, _, ok := SplitTokenURL(raw); ok {
		if base, path, ok := SplitTokenURL(outer); ok {
			// A base URL that was the whole token URL, with the token path
			// added again by the client.
			return bad("%s holds the token path twice: the endpoint was the whole token URL, but authdeck adds %s itself: use the base URL %s", quoteShort(raw), path, base)
		}
	}
	if u.Scheme == "http" && !allowInsecureHTTP && !IsLoopback(host) {
		return bad("plain http to %s would send the client secret unencrypted: use https, a loopback address (localhost, 127.0.0.1, [::1]), or opt in to insecure http explicitly", quoteShort(host))
	}
	return u, nil
}

// IsLoopback reports whether host (without port or brackets) is a
// loopback address without asking a resolver; see parts.IsLoopback.
func IsLoopback(host string) bool { return parts.IsLoopback(host) }

// ValidateBaseURL is ValidateEndpoint for a base URL as a user gives it
// (a flag, the environment, a profile): it also refuses a full token URL,
// whose path ends with IssuePath or RefreshPath, because the client adds
// that path itself, and a query ("?"), which would end up before the token
// path; each message names the base URL to use instead.
func ValidateBaseURL(raw string, allowInsecureHTTP bool) error {
	if err := ValidateEndpoint(raw, allowInsecureHTTP); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return &ValidationError{Problems: []FieldError{{Field: "endpoint", Message: fmt.Sprintf(format, args...)}}}
	}
	if base, path, ok := SplitTokenURL(raw); ok {
		return bad("%s is the whole token URL, but authdeck adds %s itself: use the base URL %s", quoteShort(raw), path, base)
	}
	if i := strings.Index(raw, "?"); i >= 0 {
		return bad("%s has a query (\"?\" and what follows), which would come before the token path authdeck adds: use the base URL %s without it",
			quoteShort(raw), quoteShort(raw[:i]))
	}
	return nil
}

// SplitTokenURL reports whether raw is a full token URL rather than a base
// URL; see parts.SplitTokenURL.
func SplitTokenURL(raw string) (base, path string, ok bool) { return parts.SplitTokenURL(raw) }

// withoutUserInfo replaces anything before an "@" in the authority of raw
// (which may not parse as a URL) with "…", so a message never shows a
// password.
func withoutUserInfo(raw string) string {
	rest := raw
	prefix := ""
	if i := strings.Index(raw, "://"); i >= 0 {
		prefix, rest = raw[:i+3], raw[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		return prefix + "…" + rest[at:]
	}
	return raw
}
