package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// verboseObserver prints each exchange to w the way HTTPie -v does: the
// request as sent (secrets and secret headers masked), a blank line, the
// response's status line and headers (Set-Cookie and the issued tokens
// masked) and the timing. The response body is left out: stdout has the
// token. Every known secret value (the request's client secret, refresh
// token and uid signature, the issued tokens) is masked wherever else it
// appears, an echoing header or an extra request header included, by
// tokenclient.MaskValues line by line, so a value too short to mask hides
// only its own line. Text from the server goes through the sanitiser.
func verboseObserver(w io.Writer) func(tokenclient.Exchange) {
	var mu sync.Mutex // check may call it from several goroutines
	return func(x tokenclient.Exchange) {
		var b strings.Builder
		b.WriteString(strings.TrimRight(x.Request.HTTP(), "\n") + "\n\n")
		switch {
		case x.Result != nil && x.Result.Status != 0:
			b.WriteString(x.Result.HeadText())
			t := x.Result.Timing
			fmt.Fprintf(&b, "\n(DNS %s · connect %s · TLS %s · first byte %s · total %s)\n\n",
				phase(t.DNS), phase(t.Connect), phase(t.TLS), phase(t.FirstByte), phase(t.Total))
		case x.Err != nil:
			fmt.Fprintf(&b, "(no response: %s)\n\n", x.Err)
		}
		text := maskLines(b.String(), exchangeSecrets(x))
		mu.Lock()
		defer mu.Unlock()
		_, _ = io.WriteString(w, sanitize.Text(text))
	}
}

// exchangeSecrets lists the secret values of one exchange: the request's
// and the tokens the response issued.
func exchangeSecrets(x tokenclient.Exchange) []string {
	var secrets []string
	if x.Request != nil {
		secrets = x.Request.SecretValues()
	}
	if x.Result != nil {
		secrets = append(secrets, x.Result.Token.AccessToken, x.Result.Token.RefreshToken)
	}
	return secrets
}

// maskLines applies tokenclient.MaskValues to each line of s on its own.
func maskLines(s string, secrets []string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		if m := tokenclient.MaskValues(body, secrets...); m != body {
			lines[i] = m + l[len(body):]
		}
	}
	return strings.Join(lines, "")
}

// phase formats one timing phase: "12.3ms", "1.24s", "-" when it did not
// happen (a reused connection, plain http).
func phase(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}
