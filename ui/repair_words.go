package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/authdeck/authdeck/store"
)

// repairWords says what a repair moved aside, where to and why (the why
// only when it is not the problem the question already named), for the
// notice after "repaired …". The notice is sanitised when it is drawn.
func repairWords(r store.RepairReport, named string) string {
	var b strings.Builder
	for _, m := range r.Moved {
		what := filepath.Base(m.From)
		if m.Profiles > 0 {
			what = fmt.Sprintf("%d unreadable profile(s) of %s", m.Profiles, what)
		}
		fmt.Fprintf(&b, "; %s moved aside to %s", what, m.To)
		if m.Problem != nil {
			if why := firstLine(m.Problem.Error()); why != named && !strings.Contains(named, why) {
				fmt.Fprintf(&b, " (%s)", why)
			}
		}
	}
	if r.Kept > 0 {
		fmt.Fprintf(&b, "; %d profile(s) kept", r.Kept)
	}
	return b.String()
}
