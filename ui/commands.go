package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/result"
)

// Messages produced by the console's commands. Commands never touch model
// state: they do the slow work and report back with one of these.
type (
	// detectedMsg carries a device detection; manual is true for the
	// re-detect key (it overrides values), false for the startup run.
	detectedMsg struct {
		d      device.Detection
		manual bool
	}
	// profileLoadedMsg carries a profile loaded from the store.
	profileLoadedMsg struct {
		p   openProfile
		err error
		// list is the profile list read in the same snapshot (nil when the
		// load did not read one).
		list *listedMsg
		// fromPane is true for a profile picked in the profiles pane.
		fromPane bool
		fallback string // store.KeyringFallback() after the load
		// note, when set, is the status line after the load instead of
		// "opened profile NAME" (a reload after an activation says so).
		note string
	}
	// sentMsg is the outcome of the call numbered seq.
	sentMsg struct {
		seq  int
		kind result.CallKind
		res  *tokenclient.Result
		err  error
		at   time.Time
	}
	// recordedMsg reports that a call was (or failed to be) stored.
	recordedMsg struct{ err error }
	// tickMsg drives the one-second countdowns of loop seq; at is the
	// clock when it fired (View shows the time as of the last tick).
	tickMsg struct {
		seq int
		at  time.Time
	}
	// clearStatusMsg clears status message seq.
	clearStatusMsg struct{ seq int }
)

// detectCmd runs device detection off the update loop.
func detectCmd(detect func() device.Detection, manual bool) tea.Cmd {
	return func() tea.Msg { return detectedMsg{d: detect(), manual: manual} }
}

// loadCmd opens a profile, the named one or the store's last-used one,
// from one snapshot that also holds the profile list.
func loadCmd(s Store, name string) tea.Cmd {
	return func() tea.Msg {
		snap, err := s.Snapshot(name)
		fallback := s.KeyringFallback()
		if err != nil {
			return profileLoadedMsg{err: err, fallback: fallback}
		}
		out := profileLoadedMsg{fallback: fallback,
			list: &listedMsg{list: snap.Profiles, rev: snap.Revision, fallback: fallback}}
		if snap.Current != nil {
			out.p = openedFrom(*snap.Current, snap.Secrets)
		}
		return out
	}
}

// loadPickedCmd loads a profile picked in the profiles pane.
func loadPickedCmd(s Store, name string) tea.Cmd {
	load := loadCmd(s, name)
	return func() tea.Msg {
		msg := load().(profileLoadedMsg)
		msg.fromPane = true
		return msg
	}
}

// sendCmd sends a prepared request; ctx is cancelled by esc.
func sendCmd(ctx context.Context, s Sender, p *tokenclient.Prepared, kind result.CallKind, seq int, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		res, err := s.Send(ctx, p)
		return sentMsg{seq: seq, kind: kind, res: res, err: err, at: now()}
	}
}

// recordCmd stores a finished call under a saved profile; elapsed is how
// long the call took as the console measured it (it also covers calls that
// got no response).
func recordCmd(s Store, name string, kind result.CallKind, res *tokenclient.Result, callErr error, elapsed time.Duration) tea.Cmd {
	return func() tea.Msg { return recordedMsg{err: s.RecordResult(name, string(kind), res, callErr, elapsed)} }
}

// historyLoadedMsg carries the history of one profile for the pane.
type historyLoadedMsg struct {
	name    string
	entries []store.HistoryEntry
	err     error
}

// historyCmd reads the recorded calls of one profile, newest first.
func historyCmd(s Store, name string) tea.Cmd {
	return func() tea.Msg {
		entries, err := s.History(store.HistoryQuery{Profile: name})
		return historyLoadedMsg{name: name, entries: entries, err: err}
	}
}

// timerFunc is how the console waits: after d, the command returns msg().
// It is tea.Tick in a program; tests replace it (Model.after) so that they
// never wait for a timer.
type timerFunc func(d time.Duration, msg func() tea.Msg) tea.Cmd

// teaTimer is the timerFunc of a running program.
func teaTimer(d time.Duration, msg func() tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg() })
}

// tickCmd ticks loop seq once a second, carrying the clock's time.
func tickCmd(after timerFunc, seq int, now func() time.Time) tea.Cmd {
	return after(time.Second, func() tea.Msg { return tickMsg{seq: seq, at: now()} })
}

// clearStatusCmd clears status seq after a short while.
func clearStatusCmd(after timerFunc, seq int) tea.Cmd {
	return after(3*time.Second, func() tea.Msg { return clearStatusMsg{seq: seq} })
}
