package profiles

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// Choice is one answer of a Confirm: Key is the letter that picks it at
// once ("y"), Label what is shown ("Yes").
type Choice struct {
	Key   string
	Label string
}

// Answers of the ready-made confirmations.
const (
	AnswerYes       = "y"
	AnswerNo        = "n"
	AnswerSave      = "s"
	AnswerDiscard   = "d"
	AnswerCancel    = "c"
	AnswerOverwrite = "o"
)

// ConfirmKeyMap is the keys of a Confirm besides each choice's own letter.
type ConfirmKeyMap struct {
	Prev, Next key.Binding // move between the choices
	Choose     key.Binding // pick the highlighted choice
	Cancel     key.Binding // pick the cancel choice
}

// DefaultConfirmKeyMap returns ←/→ (and tab) to move, enter to choose, esc
// to cancel.
func DefaultConfirmKeyMap() ConfirmKeyMap {
	return ConfirmKeyMap{
		Prev:   key.NewBinding(key.WithKeys("left", "shift+tab"), key.WithHelp("←/→", "choose")),
		Next:   key.NewBinding(key.WithKeys("right", "tab"), key.WithHelp("→", "next")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Confirm is a one-line question with a few answers, one highlighted. The
// highlighted answer starts at the default; esc gives the cancel answer.
// It is a plain value: the root can use it for its own prompts (see
// UnsavedConfirm), calling Update with key presses until it answers.
type Confirm struct {
	Question string
	Choices  []Choice
	cursor   int
	cancel   int
	keys     ConfirmKeyMap
	styles   styles.Styles
}

// NewConfirm asks question with choices; def is the index highlighted at
// first, cancel the index esc answers with.
func NewConfirm(st styles.Styles, keys ConfirmKeyMap, question string, choices []Choice, def, cancel int) Confirm {
	return Confirm{Question: question, Choices: choices, cursor: def, cancel: cancel, keys: keys, styles: st}
}

// DeleteConfirm asks whether to delete the named profile; the default (and
// esc) is No.
func DeleteConfirm(st styles.Styles, keys ConfirmKeyMap, name string, secrets string) Confirm {
	where := "its secrets"
	if secrets != "" {
		where = "its secrets in the " + secrets
	}
	q := "Delete profile \"" + name + "\" and " + where + "? This cannot be undone."
	return NewConfirm(st, keys, q, []Choice{{AnswerNo, "No"}, {AnswerYes, "Yes, delete"}}, 0, 0)
}

// UnsavedConfirm asks what to do with unsaved edits of the named profile
// ("" for a new, never saved one) before doing something that would lose
// them (loading another profile, quitting). The default (and esc) is Cancel.
func UnsavedConfirm(st styles.Styles, keys ConfirmKeyMap, name, doing string) Confirm {
	what := "the new profile"
	if name != "" {
		what = "profile \"" + name + "\""
	}
	q := "Unsaved edits to " + what + ". Save them before " + doing + "?"
	return NewConfirm(st, keys, q, []Choice{{AnswerSave, "Save"}, {AnswerDiscard, "Discard"}, {AnswerCancel, "Cancel"}}, 2, 2)
}

// ConflictConfirm asks whether to overwrite the named profile, which
// another authdeck changed on disk since it was loaded (store.ErrConflict
// from a save with IfUnchangedSince). The default (and esc) is Cancel.
func ConflictConfirm(st styles.Styles, keys ConfirmKeyMap, name string) Confirm {
	q := "Profile \"" + name + "\" was changed by another authdeck since it was loaded. Overwrite it with the form?"
	return NewConfirm(st, keys, q, []Choice{{AnswerCancel, "Cancel"}, {AnswerOverwrite, "Overwrite"}}, 0, 0)
}

// SetStyles replaces the styles (after a background colour change).
func (c *Confirm) SetStyles(st styles.Styles) { c.styles = st }

// Highlighted is the key of the highlighted choice.
func (c Confirm) Highlighted() string {
	if c.cursor < 0 || c.cursor >= len(c.Choices) {
		return ""
	}
	return c.Choices[c.cursor].Key
}

// Update handles one key press. answer is the chosen choice's Key once the
// user has answered (enter, a choice's letter, or esc for the cancel
// choice), "" while the question is still open.
func (c Confirm) Update(msg tea.Msg) (_ Confirm, answer string) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok || len(c.Choices) == 0 {
		return c, ""
	}
	switch {
	case key.Matches(kp, c.keys.Cancel):
		return c, c.Choices[c.cancel].Key
	case key.Matches(kp, c.keys.Choose):
		return c, c.Choices[c.cursor].Key
	case key.Matches(kp, c.keys.Prev):
		c.cursor = (c.cursor + len(c.Choices) - 1) % len(c.Choices)
		return c, ""
	case key.Matches(kp, c.keys.Next):
		c.cursor = (c.cursor + 1) % len(c.Choices)
		return c, ""
	}
	s := strings.ToLower(kp.Text)
	for _, ch := range c.Choices {
		if s != "" && s == ch.Key {
			return c, ch.Key
		}
	}
	return c, ""
}

// ShortHelp is the keys of the question, for the root's help bar.
func (c Confirm) ShortHelp() []key.Binding {
	letters := make([]string, 0, len(c.Choices))
	for _, ch := range c.Choices {
		letters = append(letters, ch.Key)
	}
	pick := key.NewBinding(key.WithKeys(letters...), key.WithHelp(strings.Join(letters, "/"), "answer"))
	return []key.Binding{c.keys.Prev, c.keys.Choose, pick, c.keys.Cancel}
}

// View renders the question and the answers, wrapped to width w: the
// highlighted answer is marked by style and by "›" so it shows without
// colour too. Each answer shows its letter: "[y] Yes".
func (c Confirm) View(w int) string {
	st := c.styles
	answers := make([]string, len(c.Choices))
	for i, ch := range c.Choices {
		label := "[" + ch.Key + "] " + ch.Label
		if i == c.cursor {
			answers[i] = st.Selected.Render("› " + label + " ")
		} else {
			answers[i] = st.Value.Render("  " + label + " ")
		}
	}
	q := wrap(st.Warning.Render(styles.SymbolWarning+" "+sanitize.Text(c.Question)), w)
	line := strings.Join(answers, "  ")
	if ansi.StringWidth(line) <= w {
		return q + "\n" + line
	}
	// Too narrow for one line (the sidebar): one answer a line.
	for i := range answers {
		answers[i] = ansi.Truncate(answers[i], w, "…")
	}
	return q + "\n" + strings.Join(answers, "\n")
}

// wrap wraps styled text to w cells (at least 1).
func wrap(s string, w int) string {
	return ansi.Wrap(s, max(w, 1), " ")
}
