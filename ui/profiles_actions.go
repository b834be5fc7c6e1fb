package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/profiles"
	"github.com/authdeck/authdeck/ui/styles"
)

// Question ids of the root's questions.
const (
	askUnsaved  = "unsaved"  // save / discard / cancel before m.pending
	askClobber  = "clobber"  // overwrite a profile changed on disk
	askSaveOver = "saveover" // save the edits over the loaded profile
)

var errNoStore = errors.New("no profile store in this session: profiles cannot be listed or saved")

// openProfiles focuses the profiles pane and re-reads the list, so changes
// made in another terminal show up.
func (m *Model) openProfiles() (tea.Model, tea.Cmd) {
	m.profiles.Reset()
	m.opErr = nil
	m.profiles.SetNow(m.clock())
	m.profiles.SetLoaded(m.profile, m.dirty())
	m.focus = focusProfiles
	if m.deps.Store == nil {
		m.profiles.SetError(errNoStore)
		return m, nil
	}
	return m, listCmd(m.deps.Store)
}

// updateProfiles hands a key press or paste to the profiles pane.
func (m *Model) updateProfiles(msg tea.Msg) (tea.Model, tea.Cmd) {
	pane, cmd := m.profiles.Update(msg)
	*m.profiles = pane
	return m, cmd
}

// handlePaneMsg carries out what the profiles pane asked for.
func (m *Model) handlePaneMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case profiles.CloseMsg:
		m.focus = focusForm
		return m, nil
	case profiles.PromptCancelledMsg:
		m.pending = nil
		return m, nil
	case profiles.LoadProfileMsg:
		return m.guard(pendingAction{kind: actLoad, name: msg.Name}, "loading \""+msg.Name+"\"")
	case profiles.NewProfileMsg:
		return m.guard(pendingAction{kind: actNew}, "starting a new profile")
	case profiles.SaveAsMsg:
		then := m.pending
		m.pending = nil
		return m.runOp(storeOp{kind: opSaveAs, name: msg.Name, state: m.formState(), then: then})
	case profiles.SaveOverMsg:
		return m.runOp(storeOp{kind: opSaveOver, name: msg.Name, state: m.formState(), ifUnchangedSince: m.loadedUpdated})
	case profiles.RenameMsg:
		return m.runOp(storeOp{kind: opRename, old: msg.Old, name: msg.New})
	case profiles.DuplicateMsg:
		return m.runOp(storeOp{kind: opDuplicate, old: msg.Src, name: msg.Dst})
	case profiles.DeleteMsg:
		return m.runOp(storeOp{kind: opDelete, name: msg.Name})
	case profiles.RepairMsg:
		return m.runOp(storeOp{kind: opRepair, problem: msg.Problem})
	case profiles.AnsweredMsg:
		return m.answered(msg.ID, msg.Answer)
	case profiles.HistoryMsg:
		if m.deps.Store == nil {
			m.profiles.SetHistory(msg.Name, nil)
			return m, nil
		}
		return m, historyCmd(m.deps.Store, msg.Name)
	}
	return m, nil
}

// guard does act at once when the form has no unsaved edits, and asks
// save / discard / cancel first when it has.
func (m *Model) guard(act pendingAction, doing string) (tea.Model, tea.Cmd) {
	if m.deps.Store == nil || !m.dirty() {
		return m.do(act)
	}
	m.pending = &act
	m.askUser(m.withDiff(profiles.UnsavedConfirm(m.styles, m.keys.Pane.Confirm, m.profile, doing)), askUnsaved)
	return m, nil
}

// askUser asks a question in the profiles pane when it is open, otherwise
// above the help bar.
func (m *Model) askUser(c profiles.Confirm, id string) {
	if m.focus == focusProfiles {
		m.profiles.Ask(c, id)
		return
	}
	m.ask, m.askID = &c, id
}

// answerRoot handles a key while the root's own question is open.
func (m *Model) answerRoot(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	c, answer := m.ask.Update(msg)
	if answer == "" {
		m.ask = &c
		return m, nil
	}
	id := m.askID
	m.ask, m.askID = nil, ""
	return m.answered(id, answer)
}

// answered acts on the answer to a question the root asked.
func (m *Model) answered(id, answer string) (tea.Model, tea.Cmd) {
	switch id {
	case askUnsaved:
		act := m.pending
		switch answer {
		case profiles.AnswerSave:
			if m.profile == "" {
				// A new profile needs a name first; the pending action
				// runs once it is saved (esc in the prompt drops it).
				m.focus = focusProfiles
				m.profiles.StartSaveAs()
				return m, listCmd(m.deps.Store) // names taken elsewhere meanwhile
			}
			m.pending = nil
			return m.runOp(storeOp{kind: opSaveOver, name: m.profile, state: m.formState(),
				ifUnchangedSince: m.loadedUpdated, then: act})
		case profiles.AnswerDiscard:
			m.pending = nil
			if act != nil {
				return m.do(*act)
			}
		default:
			m.pending = nil
		}
	case askSaveOver:
		if answer == profiles.AnswerSave {
			return m.handlePaneMsg(saveOverMsg(m.profile))
		}
		return m.notify(false, "not saved")
	case askClobber:
		act := m.pending
		m.pending = nil
		if answer == profiles.AnswerOverwrite {
			return m.runOp(storeOp{kind: opSaveOver, name: m.profile, state: m.formState(), then: act})
		}
		return m.notify(false, "not saved: the newer version on disk was kept")
	}
	return m, nil
}

// do carries out an action the unsaved edits no longer stand in the way of.
func (m *Model) do(act pendingAction) (tea.Model, tea.Cmd) {
	switch act.kind {
	case actLoad:
		if m.deps.Store == nil {
			return m, nil
		}
		return m, loadPickedCmd(m.deps.Store, act.name)
	case actNew:
		return m.startNew()
	case actQuit:
		if m.cancel != nil {
			m.cancel()
		}
		m.cancelCheck()
		if m.act != nil && !m.act.ended {
			return m.quitActivation()
		}
		return m, tea.Quit
	}
	return m, nil
}

// startNew opens a new, unsaved profile: a fresh device id, the device
// fields from detection (after this update), the session's initial
// endpoint.
func (m *Model) startNew() (tea.Model, tea.Cmd) {
	m.applyProfile(openProfile{Endpoint: m.deps.Initial.Endpoint, Request: tokenclient.TokenRequest{
		DeviceID: m.deps.NewDeviceID(), NetworkType: device.NetworkOther}})
	m.form.FocusField(0)
	m.focus = focusForm
	m, status := m.setHint(false, "new profile with a fresh device id; %s saves it", m.here(m.keys.SaveAs))
	return m, tea.Batch(detectCmd(m.deps.Detect, false), status, m.ensureTicking())
}

// runOp starts a store operation.
func (m *Model) runOp(op storeOp) (tea.Model, tea.Cmd) {
	if m.deps.Store == nil {
		m.profiles.SetError(errNoStore)
		return m, nil
	}
	if op.kind == opSaveAs || op.kind == opSaveOver {
		op.record = m.tokenFor(op.name, op.state)
	}
	m.storeBusy++
	return m, storeCmd(m.deps.Store, op)
}

// tokenFor is the call whose token a save of state as profile name stores
// too: the result view holds its token, it was sent with exactly state, and
// it is not stored with that profile already. Nil when there is none.
func (m *Model) tokenFor(name string, state formState) *gotToken {
	g := m.got
	if g == nil || g.savedTo == name || !g.state.equal(state) {
		return nil
	}
	if t := m.result.Token(); t == nil || t.AccessToken != g.res.Token.AccessToken {
		return nil // the result view moved on (a failure, a loaded profile)
	}
	return g
}

// handleStoreDone shows the outcome of a store operation.
func (m *Model) handleStoreDone(msg storeDoneMsg) (tea.Model, tea.Cmd) {
	m.storeBusy = max(m.storeBusy-1, 0)
	if msg.op.name == m.demoName {
		m.demoName = ""
	}
	op := msg.op
	if msg.err == nil {
		// Before the list is compared with the loaded profile, so our own
		// change is not reported as another terminal's.
		m.followOp(msg)
	}
	var cmds []tea.Cmd
	m, cmd := m.applyList(msg.list)
	cmds = append(cmds, cmd)
	if msg.err != nil {
		if op.kind == opSaveOver && errors.Is(msg.err, store.ErrConflict) {
			m.pending = op.then
			m.askUser(profiles.ConflictConfirm(m.styles, m.keys.Pane.Confirm, op.name), askClobber)
			return m, tea.Batch(cmds...)
		}
		if op.then != nil {
			m.pending = nil // the save failed: stay
		}
		m.opErr = msg.err
		m.profiles.SetError(msg.err)
		if m.focus != focusProfiles {
			m, cmd = m.setHint(true, "profiles: "+lit(firstLine(msg.err.Error()))+" (%s for details)", m.here(m.keys.Profiles))
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	m.opErr = nil
	var notice string
	var recordErr error
	switch op.kind {
	case opSaveAs, opSaveOver:
		notice = "saved " + op.name
		switch {
		case op.record != nil && msg.recordErr != nil:
			recordErr = msg.recordErr
		case op.record != nil:
			notice += " with its token"
		case op.notice != "":
			notice = op.notice
			if len(op.noticeKeys) > 0 {
				names := make([]any, len(op.noticeKeys))
				for i, b := range op.noticeKeys {
					names[i] = b.Help().Key
				}
				notice = fmt.Sprintf(op.notice, names...)
			}
		}
	case opRename:
		notice = "renamed " + op.old + " to " + op.name
	case opDuplicate:
		notice = "duplicated " + op.old + " as " + op.name
	case opDelete:
		notice = "deleted " + op.name
	case opRepair:
		notice = "repaired the profiles file"
		if op.problem != "" {
			notice = "repaired " + op.problem
		}
		notice += repairWords(msg.repaired, op.problem)
	}
	m.profiles.SetNotice(notice)
	m.profiles.SetLoaded(m.profile, m.dirty())
	if op.kind == opSaveAs || op.kind == opRename || op.kind == opDuplicate {
		m.profiles.Select(op.name)
	}
	if recordErr != nil {
		m, cmd = m.setStatus(true, "saved "+op.name+", but its token was not: "+firstLine(recordErr.Error()))
		cmds = append(cmds, cmd)
	}
	if op.then != nil {
		next, cmd := m.do(*op.then)
		return next, tea.Batch(append(cmds, cmd)...)
	}
	if m.focus != focusProfiles && recordErr == nil {
		if len(op.noticeKeys) > 0 {
			steps := make([]hintStep, len(op.noticeKeys))
			for i, b := range op.noticeKeys {
				steps[i] = m.here(b)
			}
			m, cmd = m.setHint(false, styles.SymbolOK+" "+op.notice, steps...)
		} else {
			m, cmd = m.setStatus(false, styles.SymbolOK+" "+notice)
		}
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// followOp makes the loaded profile follow a store operation that
// succeeded: saved, renamed or deleted.
func (m *Model) followOp(msg storeDoneMsg) {
	op := msg.op
	switch op.kind {
	case opSaveAs, opSaveOver:
		m.profile, m.loaded = op.name, op.state
		m.loadedUpdated, m.secretStore = msg.saved.Updated, msg.saved.SecretStore
		m.foreignUpdated, m.foreignGone = time.Time{}, false
		if op.record != nil && msg.recordErr == nil && m.got != nil && m.got.res == op.record.res {
			g := *m.got // a command may still read the old one
			g.savedTo = op.name
			m.got = &g
		}
	case opRename:
		if m.profile == op.old {
			m.profile = op.name
			if p, ok := findProfile(msg.list.list, op.name); ok {
				m.loadedUpdated = p.Updated
			}
		}
	case opDelete:
		if m.profile == op.name {
			m.profile, m.loadedUpdated, m.secretStore = "", time.Time{}, ""
		}
	}
}

// handleListed takes a freshly read list.
func (m *Model) handleListed(msg listedMsg) (tea.Model, tea.Cmd) {
	return m.applyList(msg)
}

// applyList hands a list to the pane, notes the revision, and says when the
// loaded profile was changed by another terminal.
func (m *Model) applyList(msg listedMsg) (*Model, tea.Cmd) {
	background := m.listing
	m.listing = false
	var cmds []tea.Cmd
	if msg.fallback != "" && m.keyringFallback == "" {
		m.keyringFallback = msg.fallback
		var cmd tea.Cmd
		m, cmd = m.setStatus(false, styles.SymbolWarning+" OS keyring unavailable ("+msg.fallback+"): secrets are kept in a plain 0600 file")
		cmds = append(cmds, cmd)
	}
	if msg.err != nil {
		m.profiles.SetError(msg.err)
		return m, tea.Batch(cmds...)
	}
	m.rev, m.revKnown = msg.rev, true
	m.profiles.SetProfiles(msg.list, m.clock())
	if background && m.opErr != nil {
		// A change elsewhere does not hide why the last action failed.
		m.profiles.SetError(m.opErr)
	}
	if m.profile == "" || m.storeBusy > 0 || m.loadedUpdated.IsZero() {
		return m, tea.Batch(cmds...)
	}
	p, ok := findProfile(msg.list, m.profile)
	switch {
	case !ok && !m.foreignGone:
		m.foreignGone = true
		var cmd tea.Cmd
		m, cmd = m.setHint(true, "profile "+lit(m.profile)+" is gone from disk (deleted or renamed elsewhere); %s saves the form again", m.here(m.keys.SaveAs))
		cmds = append(cmds, cmd)
	case ok && !p.Updated.Equal(m.loadedUpdated) && !p.Updated.Equal(m.foreignUpdated):
		m.foreignUpdated, m.foreignGone = p.Updated, false
		var cmd tea.Cmd
		changed := styles.SymbolWarning + " profile " + lit(m.profile) + " was changed in another terminal; saving over it asks first, "
		if m.focus == focusProfiles {
			m, cmd = m.setHint(false, changed+"%s on it reloads it", m.here(m.keys.Pane.Load))
		} else {
			m, cmd = m.setHint(false, changed+"%s, then %s on it, reloads it", m.here(m.keys.Profiles), hintStep{m.keys.Pane.Load, focusProfiles})
		}
		cmds = append(cmds, cmd)
	case ok:
		m.foreignGone = false
	}
	return m, tea.Batch(cmds...)
}

// handleRevision re-reads the list when another terminal changed the
// profiles file, and schedules the next check.
func (m *Model) handleRevision(msg revisionMsg) (tea.Model, tea.Cmd) {
	next := revisionTickCmd(m.deps.Store, m.after)
	if msg.err != nil || m.listing || m.storeBusy > 0 || (m.revKnown && msg.rev == m.rev) {
		return m, next
	}
	m.listing = true
	return m, tea.Batch(next, listCmd(m.deps.Store))
}

// notify shows a message in the pane when it is open, else in the status
// line.
func (m *Model) notify(bad bool, text string) (tea.Model, tea.Cmd) {
	if m.focus == focusProfiles && !bad {
		m.profiles.SetNotice(text)
		return m, nil
	}
	return m.setStatus(bad, text)
}

// findProfile finds a profile by name (10 000 comparisons take about
// 20 µs).
func findProfile(ps []store.Profile, name string) (store.Profile, bool) {
	for i := range ps {
		if ps[i].Name == name {
			return ps[i], true
		}
	}
	return store.Profile{}, false
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
