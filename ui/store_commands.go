package ui

import (
	"time"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
)

// revisionEvery is how often the console checks whether another terminal
// changed the profiles file (a stat; the list is re-read only on a change).
const revisionEvery = 2 * time.Second

// Messages of the store commands. Like every command, these never touch the
// model: they do the disk and keyring work and report.
type (
	// listedMsg carries the saved profiles as read at revision rev.
	listedMsg struct {
		list     []store.Profile
		rev      store.Revision
		err      error
		fallback string // store.KeyringFallback() after the read
	}
	// revisionMsg is the periodic check of the profiles file's revision.
	revisionMsg struct {
		rev store.Revision
		err error
	}
	// storeDoneMsg reports a store operation and carries the list re-read
	// after it.
	storeDoneMsg struct {
		op       storeOp
		saved    store.Profile      // the stored profile after a save
		repaired store.RepairReport // what Repair moved aside, where to and why
		err      error
		// recordErr is why op.record's token was not stored (the profile
		// itself was saved).
		recordErr error
		list      listedMsg
	}
)

// storeOp is one change to the saved profiles, as the root asked for it.
type storeOp struct {
	kind  opKind
	name  string // the profile saved, deleted, or the new name
	old   string // the renamed or duplicated profile
	state formState
	// ifUnchangedSince is the clobber check of a save over a profile.
	ifUnchangedSince time.Time
	// then is what to do once a save succeeded.
	then *pendingAction
	// record is a call made with exactly state whose token is stored with
	// the saved profile (tokens RecordSent: token and history), nil when
	// there is none or it is stored there already.
	record *gotToken
	// notice replaces the usual "saved NAME" confirmation; with noticeKeys
	// it is a setHint format naming them.
	notice     string
	noticeKeys []key.Binding
	// problem is what made a repair necessary: the parser's message.
	problem string
}

// opKind is the kind of a storeOp.
type opKind int

const (
	opSaveAs opKind = iota
	opSaveOver
	opRename
	opDuplicate
	opDelete
	opRepair
)

// listCmd reads the saved profiles (no secrets) and the file's revision.
func listCmd(s Store) tea.Cmd {
	return func() tea.Msg { return list(s) }
}

// list is listCmd's work: the revision is read first, so a change made
// while listing shows as a newer revision at the next check.
func list(s Store) listedMsg {
	rev, err := s.Revision()
	if err != nil {
		return listedMsg{err: err, fallback: s.KeyringFallback()}
	}
	ps, err := s.List()
	return listedMsg{list: ps, rev: rev, err: err, fallback: s.KeyringFallback()}
}

// revisionTickCmd checks the profiles file's revision after revisionEvery.
func revisionTickCmd(s Store, after timerFunc) tea.Cmd {
	return after(revisionEvery, func() tea.Msg {
		rev, err := s.Revision()
		return revisionMsg{rev: rev, err: err}
	})
}

// storeCmd carries out op against the store, then re-reads the list.
func storeCmd(s Store, op storeOp) tea.Cmd {
	return func() tea.Msg {
		out := storeDoneMsg{op: op}
		switch op.kind {
		case opSaveAs, opSaveOver:
			opts := store.UpdateOptions{CreateOnly: op.kind == opSaveAs, IfUnchangedSince: op.ifUnchangedSince}
			out.saved, out.err = s.Update(op.name, opts, saveForm(op.state))
			if out.err == nil && op.record != nil {
				out.recordErr = s.RecordSent(op.name, string(op.record.kind), nil, op.record.res, nil, 0)
			}
		case opRename:
			out.err = s.Rename(op.old, op.name)
		case opDuplicate:
			out.err = s.Copy(op.old, op.name)
		case opDelete:
			out.err = s.Delete(op.name)
		case opRepair:
			out.repaired, out.err = s.RepairReport()
		}
		out.list = list(s)
		return out
	}
}
