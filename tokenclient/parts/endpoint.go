package parts

import (
	"net"
	"net/url"
	"strings"
)

// The API paths, relative to the base URL.
const (
	IssuePath   = "/identity/v3/token"
	RefreshPath = "/identity/v3/token/refresh"
)

// IsLoopback reports whether host (without port or brackets) is a
// loopback address without asking a resolver: an IP literal in 127.0.0.0/8
// or ::1, or the name "localhost" exactly (in any letter case), which Go's
// resolver and the system's answer from /etc/hosts or by rule. Any other
// name, "localhost." with its trailing dot or "x.localhost" included, goes
// to DNS, which may answer with any address, so it is not loopback.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SplitTokenURL reports whether raw is a full token URL rather than a base
// URL: its path ends with IssuePath or RefreshPath (a trailing "/" or a
// query allowed). base is raw without that path, query or fragment, and
// path is the token path it ended with. User info is dropped from base.
func SplitTokenURL(raw string) (base, path string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", false
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	for _, suffix := range []string{RefreshPath, IssuePath} {
		if strings.HasSuffix(p, suffix) {
			return u.Scheme + "://" + u.Host + strings.TrimSuffix(p, suffix), suffix, true
		}
	}
	return "", "", false
}
