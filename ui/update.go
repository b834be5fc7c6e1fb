package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/profiles"
	"github.com/authdeck/authdeck/ui/styles"
)

// Update routes one message: sizes and colours to every child, global keys
// first, then key presses to the focused area only.
//
// The root model is a pointer (*Model): Update changes it in place and
// returns it, so there is one model and no copy can alias its children.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := m.focus
	next, cmd := m.update(msg)
	nm := next.(*Model)
	if nm.focus != before && !nm.wide() {
		nm.layout() // the stacked split follows the focus
	}
	if nm.focus != focusProfiles {
		nm.profiles.CloseHistory() // a sidebar has no room for it
		if before == focusProfiles && nm.sidebar() && !nm.profiles.Busy() {
			nm.profiles.Reset() // the sidebar lists every profile again
		}
	}
	nm.profiles.SetFocused(nm.focus == focusProfiles)
	if !nm.tooSmall() && nm.width > 0 {
		nm.sizePane() // the sidebar gives way to the history
	}
	if nm.focus == focusProfiles || nm.sidebar() {
		nm.profiles.SetLoaded(nm.profile, nm.dirty())
	}
	return nm, cmd
}

// update is Update before the layout check.
func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.applyStyles(styles.New(msg.IsDark(), m.deps.NoColor))
		m.updatePreview()
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		switch {
		case m.showHelp || m.ask != nil:
		case m.focus == focusForm:
			return m.updateForm(msg)
		case m.focus == focusProfiles:
			return m.updateProfiles(msg)
		}
		return m, nil
	case profiles.LoadProfileMsg, profiles.SaveAsMsg, profiles.SaveOverMsg, profiles.NewProfileMsg,
		profiles.RenameMsg, profiles.DuplicateMsg, profiles.DeleteMsg, profiles.RepairMsg,
		profiles.CloseMsg, profiles.AnsweredMsg, profiles.PromptCancelledMsg, profiles.HistoryMsg:
		return m.handlePaneMsg(msg)
	case profiles.ResendMsg:
		return m.startResend(msg)
	case resentMsg:
		return m.handleResent(msg)
	case profiles.CheckMsg, profiles.CancelCheckMsg:
		return m.handleCheckMsg(msg)
	case checkEventMsg:
		return m.handleCheckEvent(msg)
	case activationEventMsg:
		return m.handleActivationEvent(msg)
	case activationTickMsg:
		return m.handleActivationTick(msg)
	case activationQuitMsg:
		return m.handleActivationQuit(msg)
	case activationRecordedMsg:
		return m.handleActivationRecorded(msg)
	case approvedMsg:
		return m.handleApproved(msg)
	case machinePresetMsg:
		return m.handleMachinePreset(msg)
	case form.SignedMsg:
		return m.updateForm(msg) // wherever the focus went meanwhile
	case historyLoadedMsg:
		if msg.err != nil {
			m.profiles.SetError(msg.err)
			return m, nil
		}
		m.profiles.SetHistory(msg.name, msg.entries)
		return m, nil
	case listedMsg:
		return m.handleListed(msg)
	case storeDoneMsg:
		return m.handleStoreDone(msg)
	case revisionMsg:
		return m.handleRevision(msg)
	case detectedMsg:
		return m.handleDetected(msg)
	case demoFoundMsg:
		return m.handleDemoFound(msg)
	case profileLoadedMsg:
		return m.handleLoaded(msg)
	case sentMsg:
		return m.handleSent(msg)
	case recordedMsg:
		if msg.err != nil {
			return m.setStatus(true, "token not saved to the profile: "+msg.err.Error())
		}
		// The list (sidebar or pane) shows the new token status and last
		// call; they live in state.db, whose changes the revision check of
		// profiles.json does not see.
		return m, listCmd(m.deps.Store)
	case tea.MouseClickMsg:
		return m.handleClick(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tickMsg:
		if msg.seq != m.tickSeq {
			return m, nil
		}
		m.now = msg.at
		m.result.Tick(msg.at)
		m.profiles.SetNow(msg.at)
		_, auto := m.autoRefreshDue()
		if m.sending {
			return m, auto // the renewal's outcome starts a new tick loop
		}
		if m.result.Ticking() {
			return m, tea.Batch(auto, tickCmd(m.after, m.tickSeq, m.deps.Now))
		}
		m.ticking = false
		return m, auto
	case spinner.TickMsg:
		if !m.sending {
			return m, nil // let the spinner loop stop
		}
		// The spinner's own next tick is replaced by one through m.after
		// (same frame rate, same spinner id and tag).
		m.spinner, _ = m.spinner.Update(msg)
		m.result.SetSpinner(m.spinner.View())
		m.result.Tick(m.clock())
		return m, m.after(m.spinner.Spinner.FPS, m.spinner.Tick)
	case externalReadyMsg:
		return m.handleExternalReady(msg)
	case externalDoneMsg:
		return m.handleExternalDone(msg)
	case clearStatusMsg:
		if msg.seq == m.statusSeq {
			m.status = ""
		}
		return m, nil
	}
	if m.focus == focusForm {
		return m.updateForm(msg)
	}
	return m, nil
}

// handleKey routes a key press.
func (m *Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case m.showHelp:
		return m.handleHelpKey(msg)
	case m.tooSmall():
		return m, nil
	case m.ask != nil:
		return m.answerRoot(msg)
	case m.act != nil:
		return m.handleActivationKey(msg)
	case m.focus == focusForm && m.form.Prompting():
		return m.updateForm(msg) // the form's prompt takes every key
	case m.searching:
		return m.handleSearchKey(msg)
	case key.Matches(msg, k.Profiles):
		if m.focus == focusProfiles {
			m.focus = focusForm
			return m, nil
		}
		return m.openProfiles()
	case key.Matches(msg, k.Help) || (key.Matches(msg, k.HelpAlt) && !m.typing()):
		m.showHelp, m.helpOffset = true, 0
		return m, nil
	case m.focus == focusProfiles && (m.profiles.Busy() || !m.globalKey(msg)):
		return m.updateProfiles(msg)
	case m.sending && key.Matches(msg, k.Cancel):
		return m.cancelSend()
	case key.Matches(msg, k.Send):
		return m.send()
	case key.Matches(msg, k.Activate):
		return m.startActivation()
	case key.Matches(msg, k.Refresh):
		return m.refresh()
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.SaveAs):
		return m.saveAs()
	case key.Matches(msg, k.Output):
		if m.focus == focusResult {
			m.focus = focusForm
		} else {
			m.focus = focusResult
		}
		return m, nil
	case key.Matches(msg, k.CopyTokAny):
		return m.copyToken()
	case key.Matches(msg, k.PreviewKind):
		return m.togglePreviewKind()
	}
	switch m.focus {
	case focusResult:
		return m.handleResultKey(msg)
	case focusPreview:
		return m.handlePreviewKey(msg)
	}
	return m.handleFormKey(msg)
}

// globalKey reports whether msg is a key that means the same everywhere,
// the profiles pane included (when it is not asking something).
func (m *Model) globalKey(msg tea.KeyPressMsg) bool {
	k := m.keys
	return key.Matches(msg, k.Send) || key.Matches(msg, k.Refresh) || key.Matches(msg, k.Save) ||
		key.Matches(msg, k.Output) || key.Matches(msg, k.CopyTokAny)
}

// handleHelpKey closes or scrolls the key overlay.
func (m *Model) handleHelpKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	w, h := m.helpSize()
	page := max(h-2, 1)
	switch {
	case key.Matches(msg, k.CloseHelp):
		m.showHelp = false
	case key.Matches(msg, k.Scroll.Down):
		m.helpOffset++
	case key.Matches(msg, k.Scroll.Up):
		m.helpOffset--
	case key.Matches(msg, k.Scroll.PageDown):
		m.helpOffset += page
	case key.Matches(msg, k.Scroll.PageUp):
		m.helpOffset -= page
	case key.Matches(msg, k.Top):
		m.helpOffset = 0
	case key.Matches(msg, k.Bottom):
		m.helpOffset = 1 << 30
	}
	m.clampHelp(w, h)
	return m, nil
}

// clampHelp keeps the key overlay's offset in range: the last screen ends
// with the last line (one line says where we are).
func (m *Model) clampHelp(w, h int) {
	m.helpOffset = min(max(m.helpOffset, 0), max(len(m.helpLines(w))-(h-1), 0))
}

// typing reports whether a printable key would go into a text field (the
// pane's filter and prompts, the form's text fields): '?' types there.
func (m *Model) typing() bool {
	return m.focus == focusProfiles || (m.focus == focusForm && m.form.FocusIsText())
}

// quit leaves the console, asking first about unsaved edits of a profile
// that can be saved. ctrl+c while that question is open quits at once.
func (m *Model) quit() (tea.Model, tea.Cmd) {
	asking := m.ask != nil || (m.pending != nil && m.pending.kind == actQuit)
	if !asking && m.deps.Store != nil && m.dirty() {
		m.showHelp = false
		return m.guard(pendingAction{kind: actQuit}, "quitting")
	}
	return m.do(pendingAction{kind: actQuit})
}

// handleFormKey handles a key press while the form has the focus.
func (m *Model) handleFormKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Next):
		m.form.Next()
		m.updatePreview()
		return m, nil
	case key.Matches(msg, k.Prev):
		m.form.Prev()
		m.updatePreview()
		return m, nil
	case key.Matches(msg, k.Enter):
		if m.form.IsLast() {
			return m.send()
		}
		m.form.Next()
		m.updatePreview()
		return m, nil
	case key.Matches(msg, k.Reveal):
		return m.toggleReveal()
	case key.Matches(msg, k.NewID):
		m.form.SetDeviceID(m.deps.NewDeviceID())
		m.updatePreview()
		return m.setStatus(false, "new device id generated")
	case key.Matches(msg, k.Detect):
		return m, detectCmd(m.deps.Detect, true)
	case key.Matches(msg, k.Preset):
		return m.applyNextPreset()
	case key.Matches(msg, k.Revert):
		return m.revert()
	case key.Matches(msg, k.Scroll.PageDown):
		m.preview.PageDown()
		return m, nil
	case key.Matches(msg, k.Scroll.PageUp):
		m.preview.PageUp()
		return m, nil
	case key.Matches(msg, k.Search) && (msg.Text == "" || !m.form.FocusIsText()):
		m.focus = focusPreview // ctrl+f (or / outside text) searches the preview
		return m.startSearch()
	case key.Matches(msg, k.Cancel):
		return m, nil // nothing to cancel: esc types nothing
	}
	return m.updateForm(msg)
}

// updateForm hands a message to the form and refreshes the preview.
func (m *Model) updateForm(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.form.Update(msg, m.keys.Form)
	m.updatePreview()
	if n := m.form.TakeNotice(); n != "" {
		_, st := m.setStatus(false, n)
		return m, tea.Batch(cmd, st)
	}
	return m, cmd
}

// handleResultKey handles a key press while the result pane has the focus.
func (m *Model) handleResultKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back) && key.Matches(msg, k.SearchCancel) && m.result.Query() != "":
		m.result.Search("") // esc clears the search first, then goes back
	case key.Matches(msg, k.Back):
		m.focus = focusForm
	case key.Matches(msg, k.Search):
		return m.startSearch()
	case key.Matches(msg, k.NextMatch):
		m.result.NextMatch()
	case key.Matches(msg, k.PrevMatch):
		m.result.PrevMatch()
	case key.Matches(msg, k.Pager):
		return m.openExternal(false)
	case key.Matches(msg, k.Editor):
		return m.openExternal(true)
	case key.Matches(msg, k.Diff):
		return m.showDiff()
	case key.Matches(msg, k.AutoRefresh):
		return m.toggleAutoRefresh()
	case key.Matches(msg, k.Raw):
		m.result.ToggleRaw()
	case key.Matches(msg, k.Full):
		m.result.ToggleFull()
	case key.Matches(msg, k.CopyTok):
		return m.copyToken()
	case key.Matches(msg, k.CopyAuth):
		return m.copyAuth()
	case key.Matches(msg, k.CopyCurl):
		return m.copyCurl()
	case key.Matches(msg, k.Reveal):
		return m.toggleReveal() // what u copies
	case key.Matches(msg, k.Scroll.Down):
		m.result.ScrollDown(1)
	case key.Matches(msg, k.Scroll.Up):
		m.result.ScrollUp(1)
	case key.Matches(msg, k.Scroll.PageDown):
		m.result.PageDown()
	case key.Matches(msg, k.Scroll.PageUp):
		m.result.PageUp()
	case key.Matches(msg, k.Top):
		m.result.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.result.GotoBottom()
	}
	return m, nil
}

// toggleReveal shows or hides the client secret in the form, the preview
// and the curl copy.
func (m *Model) toggleReveal() (tea.Model, tea.Cmd) {
	m.form.ToggleReveal()
	m.updatePreview()
	word := "hidden"
	if m.form.Revealed() {
		word = "shown"
	}
	return m.setStatus(false, "client secret "+word)
}

// handlePreviewKey handles a key while the preview has the focus: it
// scrolls and searches like the result.
func (m *Model) handlePreviewKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	p := m.preview
	switch {
	case key.Matches(msg, k.Back) && key.Matches(msg, k.SearchCancel) && p.Query() != "":
		p.Search("")
	case key.Matches(msg, k.Back):
		m.focus = focusForm
	case key.Matches(msg, k.Search):
		return m.startSearch()
	case key.Matches(msg, k.NextMatch):
		p.NextMatch()
	case key.Matches(msg, k.PrevMatch):
		p.PrevMatch()
	case key.Matches(msg, k.Scroll.Down):
		p.ScrollDown(1)
	case key.Matches(msg, k.Scroll.Up):
		p.ScrollUp(1)
	case key.Matches(msg, k.Scroll.PageDown):
		p.PageDown()
	case key.Matches(msg, k.Scroll.PageUp):
		p.PageUp()
	case key.Matches(msg, k.Top):
		p.GotoTop()
	case key.Matches(msg, k.Bottom):
		p.GotoBottom()
	}
	return m, nil
}

// setStatus shows a short message under the panes; bad ones carry the
// error symbol.
func (m *Model) setStatus(bad bool, text string) (*Model, tea.Cmd) {
	m.statusSeq++
	m.status, m.statusBad, m.statusSteps = text, bad, nil
	return m, clearStatusCmd(m.after, m.statusSeq)
}

// problemsText says how many fields need fixing.
func problemsText(n int) string {
	if n == 1 {
		return "1 field needs fixing; nothing was sent"
	}
	return fmt.Sprintf("%d fields need fixing; nothing was sent", n)
}
