package tokenclient

import (
	"regexp"
	"strings"
	"testing"
)

// The curl export lists the headers in the order HTTP (the dry run) shows
// them on the wire, User-Agent first, for a plain and a redacted copy.
func TestCurlHeaderOrderMatchesHTTP(t *testing.T) {
	r := validIssue()
	r.Headers = []Header{{Name: "X-Zeta", Value: "z"}, {Name: "Authorization", Value: "Bearer b"}, {Name: "X-Alpha", Value: "a"}}
	p := New(Options{BaseURL: "https://id.example"}).PrepareIssue(r)
	for _, q := range []*Prepared{p, p.Redacted()} {
		var fromHTTP []string
		for _, line := range strings.Split(q.HTTP(), "\n")[1:] {
			if line == "" {
				break
			}
			name, _, _ := strings.Cut(line, ":")
			if name != "Host" && name != "Content-Length" {
				fromHTTP = append(fromHTTP, name)
			}
		}
		var fromCurl []string
		for _, m := range regexp.MustCompile(`-H '([^:]+):`).FindAllStringSubmatch(q.Curl(), -1) {
			fromCurl = append(fromCurl, m[1])
		}
		if strings.Join(fromCurl, ",") != strings.Join(fromHTTP, ",") || len(fromCurl) != 6 || fromCurl[0] != "User-Agent" {
			t.Errorf("redacted %v: curl headers %v, HTTP order %v", q.IsRedacted(), fromCurl, fromHTTP)
		}
	}
}
