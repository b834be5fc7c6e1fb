package profiles

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/ui/styles"
)

// secretFileCell marks secrets kept in a file.
const secretFileCell = styles.SymbolWarning + " file"

// The width of every list column comes from its cells: the padding columns
// (client key, network, token, secrets) are as wide as their widest cell or
// heading, so the name, then the host, get what is left. cellWidths holds
// what SetProfiles measured; the token column, which moves with the clock,
// is bounded from the latest expiry instead of formatting every row.

// cellWidths are the widest cells of the columns that do not depend on the
// pane's width, measured once per SetProfiles.
type cellWidths struct {
	key, net, secret int
	// noToken and someToken: some profile has no cached token ("none"),
	// some has one ("expired" or "valid …").
	noToken, someToken bool
	// latest is the latest expiry of a cached token.
	latest time.Time
}

// measure widens w for profile p.
func (w *cellWidths) measure(p *store.Profile) {
	if !isASCII(p.ClientKey) {
		// A masked ASCII key is at most 9 cells, under the heading's 10:
		// only other keys are masked to be measured.
		w.key = max(w.key, cellWidth(tokenclient.MaskKey(p.ClientKey)))
	}
	w.net = max(w.net, cellWidth(string(p.NetworkType)))
	w.secret = max(w.secret, cellWidth(secretCell(p.SecretStore)))
	if p.Token == nil {
		w.noToken = true
		return
	}
	w.someToken = true
	if p.Token.ExpiresAt.After(w.latest) {
		w.latest = p.Token.ExpiresAt
	}
}

// keyColW, netColW and secretColW are the column widths: the widest cell,
// at least the heading.
func (w cellWidths) keyColW() int    { return max(w.key, len("CLIENT KEY")) }
func (w cellWidths) netColW() int    { return max(w.net, len("NETWORK")) }
func (w cellWidths) secretColW() int { return max(w.secret, len("SECRETS")) }

// tokenColW is the TOKEN column's width at now: the widest status a
// profile can show (tokens.TokenStatus), at least the heading.
func (w cellWidths) tokenColW(now time.Time) int {
	n := len("TOKEN")
	if w.noToken {
		n = max(n, len("none"))
	}
	if w.someToken {
		n = max(n, len("expired"))
		if d := w.latest.Sub(now); d > 0 {
			n = max(n, validW(d))
		}
	}
	return n
}

// validW bounds the width of "valid " plus tokens' coarse duration for
// every duration up to d: "valid 59s", "valid 59m", "valid 23h59m",
// "valid 365d23h".
func validW(d time.Duration) int {
	digits := func(v time.Duration) int { return len(strconv.FormatInt(int64(v), 10)) }
	const valid = len("valid ")
	switch {
	case d < time.Minute:
		return valid + digits(d/time.Second) + len("s")
	case d < time.Hour:
		return valid + len("59m")
	case d < 24*time.Hour:
		return valid + digits(d/time.Hour) + len("h59m")
	}
	return max(valid+len("23h59m"), valid+digits(d/(24*time.Hour))+len("d23h"))
}

// secretCell is the SECRETS cell: where the profile's secrets are kept.
func secretCell(s store.SecretStore) string {
	switch s {
	case store.SecretFile:
		return secretFileCell
	case store.SecretKeyring:
		return "keyring"
	}
	return "—" // no secret saved yet
}

// isASCII is true when s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
