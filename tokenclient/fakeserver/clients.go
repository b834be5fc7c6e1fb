package fakeserver

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxClientsLine bounds one line of a clients file.
const maxClientsLine = 64 << 10

// ParseClients reads client registrations for Config.Clients, one
// KEY:SECRET a line (split at the first colon, so a secret may hold
// colons; spaces around each part are trimmed). Blank lines and lines
// starting with # are skipped. It lets a secret come from a file or stdin
// rather than the process list. Errors name the line number and never quote
// a secret; a key given twice is an error.
func ParseClients(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxClientsLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, secret, ok := strings.Cut(line, ":")
		key, secret = strings.TrimSpace(key), strings.TrimSpace(secret)
		switch {
		case !ok:
			return nil, fmt.Errorf("clients line %d: no \":\"; write each client as KEY:SECRET", n)
		case key == "":
			return nil, fmt.Errorf("clients line %d: the client key before \":\" is empty", n)
		case secret == "":
			return nil, fmt.Errorf("clients line %d: the secret after \":\" is empty", n)
		case strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			return nil, fmt.Errorf("clients line %d: contains control characters; write KEY:SECRET as plain text", n)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("clients line %d: client key %q is registered twice; keep one line per key", n, maskKey(key))
		}
		out[key] = secret
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("clients line %d: %w", n+1, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no clients: give at least one KEY:SECRET line")
	}
	return out, nil
}
