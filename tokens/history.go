package tokens

import (
	"strings"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// maxHistoryError bounds the error text kept in a HistoryEntry.
const maxHistoryError = 200

// historyEntry describes one call for the history; the secrets in sec are
// masked should the error text contain one.
func historyEntry(name, endpoint, kind string, res *tokenclient.Result, err error, at time.Time, elapsed time.Duration, sec store.Secrets) store.HistoryEntry {
	e := store.HistoryEntry{Profile: name, Time: at.UTC(), Kind: kind, Duration: elapsed, Endpoint: endpoint}
	if res != nil {
		e.Status = res.Status
		if elapsed <= 0 && res.Timing.Total > 0 {
			e.Duration = res.Timing.Total
		}
		if res.Header != nil {
			e.RequestID = cut(sanitize.Line(res.Header.Get("X-Request-Id")), 128)
		}
	}
	if err != nil {
		e.Error = shortError(err, sec)
	}
	return e
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// shortError is the first line of err, cut to maxHistoryError runes, with
// any of the secrets masked by whole value (tokenclient.MaskValues).
func shortError(err error, sec store.Secrets) string {
	msg := tokenclient.MaskValues(strings.ToValidUTF8(err.Error(), "\uFFFD"),
		sec.ClientSecret, sec.AccessToken, sec.RefreshToken, sec.UIDSignature)
	msg, _, _ = strings.Cut(msg, "\n")
	return cut(sanitize.Line(msg), maxHistoryError)
}
