package result

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// claimsDiff is a comparison of the shown token's claims with an earlier
// token's, shown under the claims.
type claimsDiff struct {
	changes []tokenclient.ClaimChange
	err     error
	prevAt  time.Time // when the earlier token was received
}

// dateClaims are the claims holding unix times, shown as dates.
var dateClaims = map[string]bool{"iat": true, "exp": true, "nbf": true, "auth_time": true, "updated_at": true}

// ShowDiff shows the claims compared with an earlier token received at
// prevAt (err when they could not be compared), and scrolls to it.
func (m *Model) ShowDiff(changes []tokenclient.ClaimChange, err error, prevAt time.Time) {
	m.diff = &claimsDiff{changes: changes, err: err, prevAt: prevAt}
	m.render()
	m.vp.ShowLine(m.diffLine)
}

// HideDiff removes the claims comparison.
func (m *Model) HideDiff() { m.diff = nil; m.render() }

// ShowsDiff reports whether the claims comparison is on screen.
func (m *Model) ShowsDiff() bool { return m.diff != nil }

// JWT is the decoded shown token (IsJWT false when there is none).
func (m *Model) JWT() tokenclient.JWT {
	if m.Token() == nil {
		return tokenclient.JWT{}
	}
	return m.jwt
}

// renderDiff appends the claims comparison when on.
func (m *Model) renderDiff(b *strings.Builder) {
	d := m.diff
	if d == nil {
		return
	}
	st := m.styles
	b.WriteString("\n")
	m.diffLine = strings.Count(b.String(), "\n")
	b.WriteString(st.Header.Render("Claims vs the previous token") +
		st.Muted.Render(" (received "+d.prevAt.In(m.loc).Format(dateTime)+")") + "\n")
	switch {
	case d.err != nil:
		b.WriteString("  " + st.Warning.Render(styles.SymbolWarning+" "+sanitize.Line(d.err.Error())) + "\n")
		return
	case len(d.changes) == 0:
		b.WriteString("  " + st.Muted.Render("the same claims") + "\n")
		return
	}
	for _, c := range d.changes {
		name := sanitize.Line(c.Claim)
		switch c.Kind {
		case tokenclient.ClaimAdded:
			b.WriteString("  " + st.Success.Render("+ added   ") + st.Label.Render(name) + " " + st.Value.Render(m.claimValue(c.Claim, c.New)) + "\n")
		case tokenclient.ClaimRemoved:
			b.WriteString("  " + st.Error.Render("- removed ") + st.Label.Render(name) + " " + st.Value.Render(m.claimValue(c.Claim, c.Old)) + "\n")
		default:
			b.WriteString("  " + st.Warning.Render("~ changed ") + st.Label.Render(name) + " " +
				st.Value.Render(m.claimValue(c.Claim, c.Old)) + st.Muted.Render(" → ") + st.Value.Render(m.claimValue(c.Claim, c.New)) + "\n")
		}
	}
}

// claimValue shows a claim's JSON value, dates (iat, exp, ...) readable.
func (m *Model) claimValue(name string, raw json.RawMessage) string {
	if dateClaims[name] {
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			if secs, err := n.Int64(); err == nil {
				return time.Unix(secs, 0).In(m.loc).Format(dateTime)
			}
		}
	}
	s := sanitize.Line(string(raw))
	if len([]rune(s)) > 120 {
		s = string([]rune(s)[:119]) + "…"
	}
	return fmt.Sprint(s)
}
