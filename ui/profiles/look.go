package profiles

import (
	"charm.land/lipgloss/v2"

	"github.com/authdeck/authdeck/ui/styles"
)

// look is the pane's few styles that styles.Styles has no name for, derived
// from it once per SetStyles (no colour literals).
type look struct {
	colHead lipgloss.Style // column headings: muted and bold
	rule    lipgloss.Style // the line above the footer
	loaded  lipgloss.Style // the ● mark of the loaded profile
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
		colHead: st.Muted.Bold(true),
		rule:    rule,
		loaded:  st.Success,
	}
}
