package profiles

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/authdeck/authdeck/ui/styles"
)

// look is the pane's few styles that styles.Styles has no name for, derived
// from it once per SetStyles (no colour literals).
type look struct {
	colHead lipgloss.Style // column headings: muted and bold
	rule    lipgloss.Style // the line above the footer
	loaded  lipgloss.Style // the ● mark of the loaded profile

	// The styles of a table row, as escape sequences to write around a
	// cell: rendering rows through lipgloss was two thirds of a frame.
	value, muted, ok, bad, warn, selected, mark paint
}

// paint is a style reduced to the escape sequences before and after the
// text. It is only for styles without width, padding, margins or borders,
// applied to one line.
type paint struct{ pre, post string }

// paintOf reduces st to a paint.
func paintOf(st lipgloss.Style) paint {
	const probe = "X"
	r := st.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: r[:i], post: r[i+len(probe):]}
}

// cell writes s cut or padded to w cells in p.
func (p paint) cell(b *strings.Builder, s string, w int) {
	b.WriteString(p.pre)
	writePadded(b, s, w)
	b.WriteString(p.post)
}

// text writes s in p.
func (p paint) text(b *strings.Builder, s string) {
	b.WriteString(p.pre)
	b.WriteString(s)
	b.WriteString(p.post)
}

// newLook derives the pane's styles from st.
func newLook(st styles.Styles) look {
	rule := lipgloss.NewStyle()
	if st.Palette.Subtle != nil {
		rule = rule.Foreground(st.Palette.Subtle)
	} else {
		rule = rule.Faint(true)
	}
	return look{
		colHead:  st.Muted.Bold(true),
		rule:     rule,
		loaded:   st.Success,
		value:    paintOf(st.Value),
		muted:    paintOf(st.Muted),
		ok:       paintOf(st.StatusOK),
		bad:      paintOf(st.Error),
		warn:     paintOf(st.Warning),
		selected: paintOf(st.Selected),
		mark:     paintOf(st.Success),
	}
}
