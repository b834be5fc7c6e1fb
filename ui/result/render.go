package result

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// dateTime is how iat/nbf/exp and the expiry are shown.
const dateTime = "2006-01-02 15:04:05 MST"

// label pads a row label.
func (m *Model) label(s string) string { return m.styles.Label.Render(fmt.Sprintf("%-14s", s)) }

// render rebuilds the viewport content for the current state.
func (m *Model) render() {
	var b strings.Builder
	switch m.state {
	case Idle:
		m.renderIdle(&b)
	case Sending:
		m.renderSending(&b)
	case Cancelled:
		m.renderCancelled(&b)
	case Done:
		if m.err == nil && m.res != nil {
			m.renderToken(&b)
		} else {
			m.renderFailure(&b)
		}
	}
	m.vp.SetContent(strings.TrimRight(b.String(), "\n"))
}

func (m *Model) renderIdle(b *strings.Builder) {
	st := m.styles
	b.WriteString(st.Muted.Render("No request sent yet.") + "\n\n")
	b.WriteString(st.Muted.Render("ctrl+s sends the form; the token, its decoded claims and a live") + "\n")
	b.WriteString(st.Muted.Render("expiry countdown appear here.") + "\n")
}

func (m *Model) renderSending(b *strings.Builder) {
	st := m.styles
	fmt.Fprintf(b, "%s %s %s\n", m.spinner, st.Value.Render("Sending "+m.kindWord()+"…"), st.Muted.Render(Seconds(m.Elapsed())))
	b.WriteString(st.Muted.Render(sanitize.Line(m.target)) + "\n\n")
	b.WriteString(st.Muted.Render("esc cancels the request") + "\n")
}

func (m *Model) renderCancelled(b *strings.Builder) {
	st := m.styles
	b.WriteString(st.Warning.Render(styles.SymbolCancel+" Cancelled") + "\n")
	b.WriteString(st.Value.Render(fmt.Sprintf("The %s request was cancelled after %s; nothing was received.", m.kindWord(), Seconds(m.Elapsed()))) + "\n")
	b.WriteString(st.Muted.Render(sanitize.Line(m.target)) + "\n")
}

// kindWord names the call.
func (m *Model) kindWord() string {
	if m.kind == KindRefresh {
		return "refresh"
	}
	return "token"
}

// statusLine is "200 OK · token · 12.3ms total".
func (m *Model) statusLine(ok bool) string {
	st := m.styles
	status := "no response"
	if m.res != nil && m.res.Status != 0 {
		status = fmt.Sprintf("%d %s", m.res.Status, http.StatusText(m.res.Status))
	}
	head := st.Error.Render(styles.SymbolError + " " + status)
	if ok {
		head = st.Success.Render(styles.SymbolOK + " " + status)
	}
	line := head + st.Muted.Render(" · "+m.kindWord())
	if m.res != nil {
		line += st.Muted.Render(" · " + Millis(m.res.Timing.Total) + " total")
	}
	return line
}

// timingLine is the phase breakdown.
func (m *Model) timingLine() string {
	if m.res == nil {
		return ""
	}
	t := m.res.Timing
	return m.styles.Muted.Render(fmt.Sprintf("DNS %s · connect %s · TLS %s · first byte %s",
		Millis(t.DNS), Millis(t.Connect), Millis(t.TLS), Millis(t.FirstByte)))
}

func (m *Model) renderToken(b *strings.Builder) {
	st := m.styles
	tok := m.res.Token
	if m.cached {
		b.WriteString(st.Success.Render(styles.SymbolOK+" cached token") + st.Muted.Render(" · saved with the profile; ctrl+s gets a new one") + "\n\n")
	} else {
		b.WriteString(m.statusLine(true) + "\n")
		b.WriteString(m.timingLine() + "\n\n")
	}
	if m.jwt.IsJWT {
		m.renderAccess(b)
		b.WriteString("\n")
	}

	b.WriteString(m.label("Access token") + st.Secret.Render(Shorten(sanitize.Line(tok.AccessToken))) +
		st.Muted.Render(fmt.Sprintf("  (%d chars)", len(tok.AccessToken))) + "\n")
	at := m.res.Expiry.At
	left := m.Remaining(m.now)
	var exp string
	if left <= 0 {
		exp = st.ErrorBadge.Render("EXPIRED") + " " + st.Error.Render(styles.SymbolError+" the token has expired")
	} else {
		exp = st.Success.Render("expires in " + Countdown(left))
	}
	b.WriteString(m.label("Expiry") + exp + "\n")
	b.WriteString(m.label("Expires at") + st.Value.Render(at.In(m.loc).Format(dateTime)) + "\n")
	if m.res.Expiry.Relative {
		b.WriteString(m.label("") + st.Muted.Render("(the server sent a duration, counted from receipt)") + "\n")
	}
	if m.skewed {
		b.WriteString(m.label("Clock skew") + st.Warning.Render(styles.SymbolWarning+" "+SkewWords(m.skew)) + "\n")
		if !m.res.Expiry.Relative {
			b.WriteString(m.label("") + st.Muted.Render("The countdown here uses the server's time. If this computer's clock is the wrong one, turn on automatic time (NTP) so that other programs agree.") + "\n")
		}
	}
	rt := st.Muted.Render("none")
	if tok.RefreshToken != "" {
		rt = st.Secret.Render(sanitize.Line(tokenclient.MaskSecret(tok.RefreshToken))) + st.Muted.Render("  (ctrl+r refreshes)")
	}
	b.WriteString(m.label("Refresh token") + rt + "\n")

	j := m.jwt
	if !j.IsJWT {
		b.WriteString("\n" + st.Warning.Render(styles.SymbolWarning+" not a JWT: "+sanitize.Line(j.Problem)) + "\n")
	} else {
		if j.Problem != "" {
			b.WriteString("\n" + st.Warning.Render(styles.SymbolWarning+" "+sanitize.Line(j.Problem)) + "\n")
		}
		b.WriteString("\n" + st.Header.Render("JWT header") + "\n")
		b.WriteString(indent(styles.RenderLines(st.Code, sanitize.Bytes(j.Header))) + "\n")
		b.WriteString("\n" + st.Header.Render("JWT claims") + "\n")
		b.WriteString(indent(styles.RenderLines(st.Code, sanitize.Bytes(j.Claims))) + "\n")
		for _, c := range []struct {
			name string
			t    *time.Time
		}{{"iat (issued)", j.IssuedAt}, {"nbf (not before)", j.NotBefore}, {"exp (expires)", j.ExpiresAt}} {
			if c.t != nil {
				b.WriteString("  " + st.Label.Render(fmt.Sprintf("%-17s", c.name)) + st.Value.Render(c.t.In(m.loc).Format(dateTime)) + "\n")
			}
		}
	}
	m.renderHeaders(b)
	m.renderDiff(b)
	if m.showFull {
		b.WriteString("\n")
		m.fullLine = strings.Count(b.String(), "\n")
		b.WriteString(st.Header.Render("Access token (full)") + "\n")
		b.WriteString(st.Secret.Render(sanitize.Line(tok.AccessToken)) + "\n")
	}
	m.renderRaw(b)
}

// retryAt is when a 429's Retry-After runs out.
func (m *Model) retryAt() (time.Time, bool) {
	var he *tokenclient.HTTPError
	if errors.As(m.err, &he) && he.RetryAfter > 0 {
		return m.received.Add(he.RetryAfter), true
	}
	return time.Time{}, false
}

func (m *Model) renderFailure(b *strings.Builder) {
	st := m.styles
	err := m.err
	if err == nil {
		err = errors.New("no response")
	}
	var (
		he *tokenclient.HTTPError
		ne *tokenclient.NetworkError
		re *tokenclient.ResponseError
		de *tokenclient.RedirectError
	)
	switch {
	case errors.As(err, &he):
		b.WriteString(m.statusLine(false) + "\n")
		b.WriteString(m.timingLine() + "\n\n")
		// The body follows in full, so the error's own excerpt is left out.
		text := err.Error()
		if i := strings.Index(text, "; body: "); i >= 0 {
			text = text[:i]
		}
		b.WriteString(st.Value.Render(sanitize.Text(text)) + "\n")
		if at, ok := m.retryAt(); ok {
			left := at.Sub(m.now)
			if left > 0 {
				b.WriteString("\n" + st.ErrorBadge.Render("RATE LIMITED") + " " + st.Warning.Render(styles.SymbolWarning+" retry in "+Countdown(left)) + "\n")
			} else {
				b.WriteString("\n" + st.Success.Render(styles.SymbolOK+" you may retry now (ctrl+s)") + "\n")
			}
		}
		b.WriteString("\n" + st.Header.Render("Server response") + "\n")
		b.WriteString(indent(styles.RenderLines(st.Code, sanitize.Text(prettyBody(he.Body, he.Excerpt)))) + "\n")
		m.renderHeaders(b)
	case errors.As(err, &ne):
		title := "Could not reach the server"
		timeout := errors.Is(err, context.DeadlineExceeded) || ne.Timeout()
		if timeout {
			title = "The request timed out"
		}
		text := err.Error()
		if timeout {
			// The client's advice names a setting the console has not got.
			text = strings.Replace(text, "; raise the timeout if the service is just slow", "", 1)
		}
		b.WriteString(st.Error.Render(styles.SymbolError+" "+title) + "\n")
		b.WriteString(st.Value.Render(sanitize.Text(text)) + "\n")
		b.WriteString(st.Muted.Render(sanitize.Line(m.target)) + "\n")
		if timeout {
			b.WriteString("\n" + st.Muted.Render("Check the endpoint and the network, then ctrl+s to try again. If the service is only slow, the CLI can wait longer: authdeck token -p NAME --timeout 2m") + "\n")
		}
	case errors.As(err, &re), errors.As(err, &de):
		b.WriteString(m.statusLine(false) + "\n")
		b.WriteString(m.timingLine() + "\n\n")
		b.WriteString(st.Value.Render(sanitize.Text(err.Error())) + "\n")
		if m.res != nil && len(m.res.Raw) > 0 && !m.showRaw {
			b.WriteString(st.Muted.Render("(r shows the raw response)") + "\n")
		}
	default:
		b.WriteString(st.Error.Render(styles.SymbolError+" The request failed") + "\n")
		b.WriteString(st.Value.Render(sanitize.Text(err.Error())) + "\n")
	}
	m.renderRaw(b)
}

// renderRaw appends the raw response when toggled on.
func (m *Model) renderRaw(b *strings.Builder) {
	if !m.showRaw || m.res == nil {
		return
	}
	st := m.styles
	b.WriteString("\n")
	m.rawLine = strings.Count(b.String(), "\n")
	b.WriteString(st.Header.Render("Raw response") + st.Muted.Render(" (as received; refresh token masked)") + "\n")
	if len(m.res.Raw) == 0 {
		b.WriteString(st.Muted.Render("(empty body)") + "\n")
		return
	}
	b.WriteString(styles.RenderLines(st.Code, sanitize.Text(maskRefresh(string(m.res.Raw), m.res.Token.RefreshToken))) + "\n")
}

// refreshField finds a refreshToken string field in a JSON body.
var refreshField = regexp.MustCompile(`("refresh_?[tT]oken"\s*:\s*")((?:[^"\\]|\\.)*)(")`)

// maskRefresh masks the refresh token in a raw body the way the result
// does: the parsed token wherever it occurs, and any refreshToken field
// (a body that did not parse).
func maskRefresh(raw, token string) string {
	if token != "" {
		raw = strings.ReplaceAll(raw, token, tokenclient.MaskSecret(token))
	}
	return refreshField.ReplaceAllStringFunc(raw, func(s string) string {
		p := refreshField.FindStringSubmatch(s)
		if p[2] == "" || strings.Trim(p[2], "•") == "" {
			return s
		}
		return p[1] + tokenclient.MaskSecret(p[2]) + p[3]
	})
}

// prettyBody indents a JSON body; anything else is shown as its excerpt.
func prettyBody(body []byte, excerpt string) string {
	var out bytes.Buffer
	if len(body) > 0 && json.Indent(&out, body, "", "  ") == nil {
		return out.String()
	}
	if excerpt != "" {
		return excerpt
	}
	return "(empty body)"
}

// indent prefixes every line with two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}
