// Package styles holds every lipgloss style the console uses, named by
// meaning. Components never hold colour literals: they take a Styles value
// built by New for the terminal's background.
package styles

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Symbols used next to words so that nothing depends on colour alone.
const (
	SymbolError    = "✗"
	SymbolOK       = "✓"
	SymbolWarning  = "⚠"
	SymbolDetected = "◆"
	SymbolCancel   = "⊘"
	SymbolInfo     = "•"
)

// Palette is the set of colours behind Styles, resolved for one background.
// It is exported so that children can build one-off styles from the same
// colours without colour literals; with NO_COLOR every entry is nil.
type Palette struct {
	Accent, Text, Muted, Subtle, Error, Warning, Success, Secret, BadgeBG, BadgeFG, Border, FocusBorder color.Color
}

// Styles is every style the console uses. Build it with New; the zero value
// renders plain text.
type Styles struct {
	// IsDark records the background New was built for.
	IsDark bool
	// NoColor is true when built for NO_COLOR: styles use only bold, faint,
	// underline and reverse.
	NoColor bool
	Palette Palette

	App         lipgloss.Style // the whole screen
	Title       lipgloss.Style // the app name and pane titles
	Header      lipgloss.Style // section headings inside a pane
	Label       lipgloss.Style // a form field's label
	LabelFocus  lipgloss.Style // the label of the focused field
	Value       lipgloss.Style // ordinary values
	Muted       lipgloss.Style // secondary text: sources, hints, timings
	Error       lipgloss.Style // error text (always paired with SymbolError)
	Warning     lipgloss.Style // warnings (always paired with SymbolWarning)
	Success     lipgloss.Style // success text (with SymbolOK)
	Secret      lipgloss.Style // masked secrets
	Detected    lipgloss.Style // the "detected" mark on device fields
	Badge       lipgloss.Style // a small inverted label: DEMO, EXPIRED, LOADED
	ErrorBadge  lipgloss.Style // a badge for bad news: EXPIRED, 401
	Border      lipgloss.Style // an unfocused pane frame
	Focused     lipgloss.Style // a focused pane frame
	Selected    lipgloss.Style // the selected choice in a picker or list
	Code        lipgloss.Style // JSON, HTTP text, tokens
	HelpKey     lipgloss.Style // a key in the help bar
	HelpDesc    lipgloss.Style // a key's description in the help bar
	StatusOK    lipgloss.Style // the status line after success
	StatusError lipgloss.Style // the status line after a failure
	// QR draws a QR code: dark modules black on white whatever the
	// terminal's background, as scanners expect. Plain with NO_COLOR
	// (where no QR code is drawn).
	QR lipgloss.Style
}

// New returns the styles for a dark (isDark) or light background; noColor
// (the caller read NO_COLOR) leaves every colour out.
func New(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	p := Palette{
		Accent:      ld(lipgloss.Color("#5A3FD9"), lipgloss.Color("#B4A1FF")),
		Text:        ld(lipgloss.Color("#1F1F24"), lipgloss.Color("#E8E8EE")),
		Muted:       ld(lipgloss.Color("#6B6B78"), lipgloss.Color("#9A9AA8")),
		Subtle:      ld(lipgloss.Color("#C8C8D0"), lipgloss.Color("#45454F")),
		Error:       ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7B72")),
		Warning:     ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#E3B341")),
		Success:     ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364")),
		Secret:      ld(lipgloss.Color("#8250DF"), lipgloss.Color("#D2A8FF")),
		BadgeBG:     ld(lipgloss.Color("#5A3FD9"), lipgloss.Color("#B4A1FF")),
		BadgeFG:     ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#1F1F24")),
		Border:      ld(lipgloss.Color("#C8C8D0"), lipgloss.Color("#45454F")),
		FocusBorder: ld(lipgloss.Color("#5A3FD9"), lipgloss.Color("#B4A1FF")),
	}
	if noColor {
		p = Palette{}
	}
	fg := func(c color.Color) lipgloss.Style {
		if c == nil {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	border := func(c color.Color) lipgloss.Style {
		st := lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
		if c != nil {
			st = st.BorderForeground(c)
		}
		return st
	}
	s := Styles{IsDark: isDark, NoColor: noColor, Palette: p}
	s.App = lipgloss.NewStyle()
	s.Title = fg(p.Accent).Bold(true)
	s.Header = fg(p.Accent).Bold(true)
	s.Label = fg(p.Muted)
	s.LabelFocus = fg(p.Accent).Bold(true)
	s.Value = fg(p.Text)
	s.Muted = fg(p.Muted)
	s.Error = fg(p.Error).Bold(true)
	s.Warning = fg(p.Warning)
	s.Success = fg(p.Success).Bold(true)
	s.Secret = fg(p.Secret)
	s.Detected = fg(p.Muted).Italic(true)
	s.Code = fg(p.Text)
	s.HelpKey = fg(p.Accent).Bold(true)
	s.HelpDesc = fg(p.Muted)
	s.StatusOK = fg(p.Success)
	s.StatusError = fg(p.Error).Bold(true)
	s.Border = border(p.Border)
	s.Focused = border(p.FocusBorder)
	if noColor {
		s.Badge = lipgloss.NewStyle().Reverse(true).Bold(true).Padding(0, 1)
		s.ErrorBadge = s.Badge
		s.Selected = lipgloss.NewStyle().Reverse(true)
		s.Muted = s.Muted.Faint(true)
		s.Label = s.Label.Faint(true)
		s.Focused = s.Focused.BorderStyle(lipgloss.ThickBorder())
	} else {
		s.Badge = lipgloss.NewStyle().Foreground(p.BadgeFG).Background(p.BadgeBG).Bold(true).Padding(0, 1)
		s.ErrorBadge = lipgloss.NewStyle().Foreground(p.BadgeFG).Background(p.Error).Bold(true).Padding(0, 1)
		s.Selected = lipgloss.NewStyle().Foreground(p.BadgeFG).Background(p.Accent).Bold(true)
		s.QR = lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF"))
	}
	return s
}

// RenderLines styles each line of text on its own, so multi-line text is
// not padded to its widest line. st must be a text style (colours and
// attributes, no width, padding or border).
func RenderLines(st lipgloss.Style, text string) string {
	ink := InkOf(st)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = ink.Paint(l)
	}
	return strings.Join(lines, "\n")
}

// Ink is a text style reduced to its escape sequences, for hot paths:
// painting a string is two concatenations instead of a lipgloss Render.
type Ink struct{ pre, post string }

// InkOf captures a text style (colours and attributes only: no width,
// padding, margin or border).
func InkOf(st lipgloss.Style) Ink {
	out := st.Render("\x00")
	i := strings.IndexByte(out, 0)
	if i < 0 {
		return Ink{}
	}
	return Ink{pre: out[:i], post: out[i+1:]}
}

// Paint styles a single-line string; "" stays "".
func (k Ink) Paint(s string) string {
	if s == "" || k.pre == "" {
		return s
	}
	return k.pre + s + k.post
}

// Match is how search matches are highlighted in a scrolled pane: every
// match reversed, the current one also bold and underlined (no colour
// needed, so it reads the same with NO_COLOR).
func Match(st Styles) (all, current lipgloss.Style) {
	all = lipgloss.NewStyle().Reverse(true)
	current = all.Bold(true).Underline(true)
	if !st.NoColor && st.Palette.Accent != nil {
		current = lipgloss.NewStyle().Foreground(st.Palette.BadgeFG).Background(st.Palette.Accent).Bold(true).Underline(true)
	}
	return all, current
}
