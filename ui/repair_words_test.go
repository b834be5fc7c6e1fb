package ui

import (
	"errors"
	"testing"

	"github.com/authdeck/authdeck/store"
)

// The repair notice names each file moved, where to, and why when the
// question did not already say it.
func TestRepairWords(t *testing.T) {
	r := store.RepairReport{
		Moved: []store.MovedAside{
			{From: "/cfg/profiles.json", To: "/cfg/profiles.json.corrupt-1", Problem: errors.New("/cfg/profiles.json:3:7: bad"), Profiles: 2},
			{From: "/cfg/state.db", To: "/cfg/state.db.corrupt-1", Problem: &store.StateError{Path: "/cfg/state.db", Err: errors.New("file is not a database")}},
		},
		Kept: 5,
	}
	got := repairWords(r, "/cfg/profiles.json:3:7: bad")
	want := "; 2 unreadable profile(s) of profiles.json moved aside to /cfg/profiles.json.corrupt-1" +
		"; state.db moved aside to /cfg/state.db.corrupt-1 (" + firstLine(r.Moved[1].Problem.Error()) + ")" +
		"; 5 profile(s) kept"
	if got != want {
		t.Errorf("repairWords:\n got %q\nwant %q", got, want)
	}
	if got := repairWords(store.RepairReport{}, ""); got != "" {
		t.Errorf("nothing moved: %q", got)
	}
}
