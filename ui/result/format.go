package result

import (
	"fmt"
	"time"
)

// Countdown formats a remaining duration the way the token view shows it:
// "59m 59s", "1h 0m 5s", "42s". Negative durations read "0s".
func Countdown(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	h, m, sec := s/3600, (s%3600)/60, s%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %dm %ds", h, m, sec)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}

// Millis formats a phase duration: "12.3ms", "1.24s", "—" for a phase that
// did not happen.
func Millis(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// Seconds formats an elapsed time with one decimal: "1.2s".
func Seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", max(d, 0).Seconds())
}

// Shorten shows the start and end of a long token: "eyJhbGciOi…x8Kq2w".
func Shorten(tok string) string {
	r := []rune(tok)
	if len(r) <= 24 {
		return tok
	}
	return string(r[:12]) + "…" + string(r[len(r)-8:])
}

// SkewWords says a clock offset (server − local) in plain words, with what
// it does to tokens (whether to say it at all is tokenclient.ExplainSkew's
// rule, the one the CLI uses): expiry times are the server's, so a local
// clock ahead of the server's reaches them early and one behind late.
func SkewWords(off time.Duration) string {
	if off < 0 {
		return "this computer's clock is " + Countdown(-off) + " ahead of the server's: by it, tokens seem to expire early"
	}
	return "this computer's clock is " + Countdown(off) + " behind the server's: by it, tokens look valid after they expired"
}
