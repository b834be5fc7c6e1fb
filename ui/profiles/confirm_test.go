package profiles

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/ui/styles"
)

func TestUnsavedConfirm(t *testing.T) {
	t.Parallel()
	st := styles.New(false, false)
	c := UnsavedConfirm(st, DefaultConfirmKeyMap(), "prod-eu", "loading \"staging\"")
	v := ansi.Strip(c.View(80))
	if !strings.Contains(v, `Unsaved edits to profile "prod-eu". Save them before loading "staging"?`) ||
		!strings.Contains(v, "› [c] Cancel") {
		t.Fatalf("view:\n%s", v)
	}
	if c.Highlighted() != AnswerCancel {
		t.Fatalf("default %q, want cancel", c.Highlighted())
	}
	cases := []struct {
		keys []string
		want string
	}{
		{[]string{"enter"}, AnswerCancel},
		{[]string{"esc"}, AnswerCancel},
		{[]string{"s"}, AnswerSave},
		{[]string{"D"}, AnswerDiscard},
		{[]string{"right", "enter"}, AnswerSave}, // wraps around
		{[]string{"left", "enter"}, AnswerDiscard},
		{[]string{"left", "left", "esc"}, AnswerCancel},
		{[]string{"x", "up"}, ""},
	}
	for _, tc := range cases {
		cc, answer := c, ""
		for _, k := range tc.keys {
			for _, kp := range press(k) {
				cc, answer = cc.Update(kp)
			}
		}
		if answer != tc.want {
			t.Errorf("%v: answer %q, want %q", tc.keys, answer, tc.want)
		}
	}
	if got := UnsavedConfirm(st, DefaultConfirmKeyMap(), "", "quitting").Question; !strings.Contains(got, "the new profile") {
		t.Errorf("unnamed profile: %q", got)
	}
}

func TestConfirmViewWrapsAndFits(t *testing.T) {
	t.Parallel()
	c := DeleteConfirm(styles.New(true, true), DefaultConfirmKeyMap(), "a-rather-long-profile-name", "keyring")
	for _, w := range []int{80, 40, 20, 5} {
		for _, l := range strings.Split(c.View(w), "\n") {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: line %q is %d wide", w, ansi.Strip(l), ansi.StringWidth(l))
			}
		}
	}
}

func TestConfirmAnswersStackWhenNarrow(t *testing.T) {
	t.Parallel()
	c := UnsavedConfirm(styles.New(true, false), DefaultConfirmKeyMap(), "alpha", "loading \"beta\"")
	v := ansi.Strip(c.View(26))
	for _, want := range []string{"[s] Save", "[d] Discard", "[c] Cancel"} {
		if !strings.Contains(v, want) {
			t.Fatalf("%q missing at 26 columns:\n%s", want, v)
		}
	}
	if wide := ansi.Strip(c.View(200)); strings.Count(wide, "\n") != 1 {
		t.Fatalf("the answers do not share a line when they fit:\n%s", wide)
	}
}
