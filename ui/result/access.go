package result

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// maxUID is how much of a uid the access section shows.
const maxUID = 16

// labelWidth is the width of a row label (see label); wrapIndent indents
// a plan's words when they go on a line of their own.
const (
	labelWidth = 14
	wrapIndent = 4
)

// renderAccess writes what the token grants (tokenclient.ExplainAccess at
// the pane's clock) in plain words: who, NFL+ and Premium, each plan, the
// market and networks, and what could not be read. Nothing is written for
// a token that is not a JWT (the pane says so elsewhere).
func (m *Model) renderAccess(b *strings.Builder) {
	if !m.jwt.IsJWT {
		return
	}
	st := m.styles
	acc := tokenclient.ExplainAccess(m.jwt, m.now)
	who := "anonymous (no uid claim)"
	switch {
	case acc.SignedIn == nil:
		who = "unknown (the uid claim could not be read)"
	case *acc.SignedIn:
		uid := []rune(acc.UID)
		if len(uid) > maxUID {
			uid = append(uid[:maxUID-1], '…')
		}
		who = "signed in, uid " + string(uid)
	}
	b.WriteString(m.label("Account") + st.Value.Render(sanitize.Line(who)) + "\n")
	b.WriteString(m.label("NFL+") + m.answer(acc.NFLPlus) + st.Muted.Render(" · Premium ") + m.answer(acc.Premium) + "\n")
	for i, p := range acc.Plans {
		label := ""
		if i == 0 {
			label = "Plans"
		}
		sym, style := styles.SymbolError, st.Muted
		switch {
		case p.GrantsAccess == nil:
			sym, style = "?", st.Warning
		case *p.GrantsAccess:
			sym, style = styles.SymbolOK, st.Success
		}
		name := sym + " " + sanitize.Line(p.PlanName())
		words := sanitize.Line(p.Words())
		if p.Trial {
			words += ", trial"
		}
		// The words go on a line of their own, indented less than the
		// rows, when the pair does not fit the pane.
		if w := m.vp.Width(); w > 0 && labelWidth+ansi.StringWidth(name)+1+ansi.StringWidth(words) > w {
			b.WriteString(m.label(label) + style.Render(name) + "\n")
			b.WriteString(st.Muted.Render(strings.Repeat(" ", wrapIndent)+words) + "\n")
			continue
		}
		b.WriteString(m.label(label) + style.Render(name) + st.Muted.Render(" "+words) + "\n")
	}
	if len(acc.Plans) == 0 {
		none := "none"
		if acc.NFLPlus == nil {
			none = "could not be read"
		}
		b.WriteString(m.label("Plans") + st.Muted.Render(none) + "\n")
	}
	var where []string
	if acc.DMACode != "" {
		where = append(where, "DMA "+acc.DMACode)
	}
	if loc := strings.Join(nonEmpty(acc.Region, acc.Country), ", "); loc != "" {
		where = append(where, loc)
	}
	nets := "no networks"
	if len(acc.Networks) > 0 {
		nets = "networks " + strings.Join(acc.Networks, ", ")
	}
	where = append(where, nets)
	b.WriteString(m.label("Market") + st.Value.Render(sanitize.Line(strings.Join(where, " · "))) + "\n")
	for _, p := range acc.Problems {
		b.WriteString(m.label("") + st.Warning.Render(styles.SymbolWarning+" "+sanitize.Line(p)) + "\n")
	}
}

// answer renders a yes/no/unknown with a symbol, so nothing rests on
// colour.
func (m *Model) answer(b *bool) string {
	st := m.styles
	switch {
	case b == nil:
		return st.Warning.Render("? unknown")
	case *b:
		return st.Success.Render(styles.SymbolOK + " yes")
	}
	return st.Muted.Render(styles.SymbolError + " no")
}

// nonEmpty is the non-empty strings of ss.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
