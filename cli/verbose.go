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
// token. Text from the server goes through the sanitiser.
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
		mu.Lock()
		defer mu.Unlock()
		_, _ = io.WriteString(w, sanitize.Text(b.String()))
	}
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
