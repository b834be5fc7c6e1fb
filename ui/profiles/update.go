package profiles

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
)

// Update handles key presses and pastes while the pane has the focus. It
// returns intent messages (LoadProfileMsg, SaveAsMsg, ...) as commands for
// the root to act on; it never does I/O.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		m.notice, m.warn = "", ""
		switch m.mode {
		case modePrompt:
			return m.updatePrompt(msg)
		case modeConfirm:
			return m.updateConfirm(msg)
		case modeHistory:
			return m.updateHistory(msg)
		}
		return m.updateList(msg)
	case tea.PasteMsg:
		switch m.mode {
		case modePrompt:
			var cmd tea.Cmd
			m.nameInput, cmd = m.nameInput.Update(msg)
			m.promptErr = ""
			return m, cmd
		case modeList:
			return m.updateFilter(msg)
		}
	}
	return m, nil
}

// updateList handles a key in the list: actions and movement first, the
// rest types into the filter.
func (m Model) updateList(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	sel, hasSel := m.Selected()
	switch {
	case key.Matches(msg, k.Back):
		if m.check.running {
			return m, emit(CancelCheckMsg{})
		}
		if m.filter.Value() != "" {
			m.filter.SetValue("")
			m.match.set("", m.ix.hay, false)
			m.cursor = m.keepCursor(sel, hasSel)
			m.clampScroll()
			return m, nil
		}
		return m, emit(CloseMsg{})
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-max(m.listRows()-1, 1))
	case key.Matches(msg, k.PageDown):
		m.move(max(m.listRows()-1, 1))
	case key.Matches(msg, k.Top):
		m.move(-len(m.match.matches))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.match.matches))
	case key.Matches(msg, k.Load):
		if hasSel {
			return m, emit(LoadProfileMsg{Name: sel.Name})
		}
	case key.Matches(msg, k.SaveAs):
		return m.startPrompt(promptSaveAs, "", ""), nil
	case key.Matches(msg, k.SaveOver):
		if m.loaded == "" {
			m.warn = "The form is not a saved profile yet: use " + k.SaveAs.Help().Key + " to save it under a name."
			return m, nil
		}
		return m, emit(SaveOverMsg{Name: m.loaded})
	case key.Matches(msg, k.New):
		return m, emit(NewProfileMsg{})
	case key.Matches(msg, k.Rename):
		if hasSel {
			return m.startPrompt(promptRename, sel.Name, sel.Name), nil
		}
	case key.Matches(msg, k.Duplicate):
		if hasSel {
			return m.startPrompt(promptDuplicate, sel.Name, m.freeName(sel.Name+"-copy")), nil
		}
	case key.Matches(msg, k.Delete):
		if hasSel {
			where := "keyring"
			if sel.SecretStore == store.SecretFile {
				where = "secrets file"
			}
			m.confirm = DeleteConfirm(m.styles, k.Confirm, sel.Name, where)
			m.mode, m.confirmFor, m.confirmArg = modeConfirm, confirmDelete, sel.Name
		}
	case key.Matches(msg, k.History):
		if hasSel {
			m.mode, m.histName, m.histOffset = modeHistory, sel.Name, 0
			m.history, m.histLoaded, m.histCursor, m.histDetail = nil, false, 0, false
			return m, emit(HistoryMsg{Name: sel.Name})
		}
	case key.Matches(msg, k.Check), key.Matches(msg, k.CheckAll):
		if m.check.running {
			m.warn = "A check is already running: " + k.Back.Help().Key + " cancels it."
			return m, nil
		}
		names := m.Shown()
		if key.Matches(msg, k.Check) {
			if !hasSel {
				return m, nil
			}
			names = []string{sel.Name}
		}
		if len(names) == 0 {
			return m, nil
		}
		return m, emit(CheckMsg{Names: names})
	case key.Matches(msg, k.Repair):
		if m.repairable() {
			q := corruptText(m.err) + ".\nRepair the profiles file? It is first kept as a backup next to it."
			m.confirm = NewConfirm(m.styles, k.Confirm, q, []Choice{{AnswerNo, "No"}, {AnswerYes, "Yes, repair"}}, 0, 0)
			m.mode, m.confirmFor = modeConfirm, confirmRepair
		}
	default:
		return m.updateFilter(msg)
	}
	return m, nil
}

// updateFilter passes a key or paste to the filter and re-filters when the
// text changed.
func (m Model) updateFilter(msg tea.Msg) (Model, tea.Cmd) {
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	if v := m.filter.Value(); v != before {
		m.match.set(v, m.ix.hay, false)
		m.cursor, m.offset = 0, 0
	}
	return m, cmd
}

// keepCursor is the index of sel among the matches, or 0.
func (m Model) keepCursor(sel store.Profile, ok bool) int {
	if !ok {
		return 0
	}
	for i, pi := range m.match.matches {
		if m.profiles[pi].Name == sel.Name {
			return i
		}
	}
	return 0
}

// move moves the cursor by d rows, clamped to the list.
func (m *Model) move(d int) {
	m.cursor += d
	m.clampScroll()
}

// clampScroll keeps the cursor in the list and on screen.
func (m *Model) clampScroll() {
	n := len(m.match.matches)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	rows := max(m.listRows(), 1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(max(m.offset, 0), max(n-rows, 0))
}

// startPrompt opens the name prompt.
func (m Model) startPrompt(kind promptKind, subject, value string) Model {
	m.mode, m.prompt, m.promptFor, m.promptErr = modePrompt, kind, subject, ""
	m.nameInput.SetValue(value)
	m.nameInput.CursorEnd()
	m.nameInput.Focus()
	m.filter.Blur()
	return m
}

// endMode goes back to the list.
func (m Model) endMode() Model {
	m.mode, m.histDetail = modeList, false
	m.nameInput.Blur()
	m.filter.Focus()
	m.clampScroll()
	return m
}

// updatePrompt handles a key in the name prompt: enter validates and
// emits, esc cancels, the rest edits the name.
func (m Model) updatePrompt(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.endMode(), emit(PromptCancelledMsg{})
	case key.Matches(msg, m.keys.Submit):
		name := m.nameInput.Value()
		if err := m.checkName(name); err != "" {
			m.promptErr = err
			return m, nil
		}
		var out tea.Msg
		switch m.prompt {
		case promptSaveAs:
			out = SaveAsMsg{Name: name}
		case promptRename:
			out = RenameMsg{Old: m.promptFor, New: name}
		case promptDuplicate:
			out = DuplicateMsg{Src: m.promptFor, Dst: name}
		}
		return m.endMode(), emit(out)
	}
	var cmd tea.Cmd
	m.nameInput, cmd = m.nameInput.Update(msg)
	m.promptErr = ""
	return m, cmd
}

// checkName is why name cannot be used for the open prompt, "" when it
// can: the store's rules, and a name no other profile has.
func (m Model) checkName(name string) string {
	if err := store.ValidateName(name); err != nil {
		return err.Error()
	}
	if m.prompt == promptRename && name == m.promptFor {
		return "that is already its name; type a new one, or esc to cancel"
	}
	if _, taken := m.find(name); taken {
		hint := "pick another name"
		if m.prompt == promptSaveAs && name == m.loaded {
			hint += ", or use " + m.keys.SaveOver.Help().Key + " to save over it"
		}
		return "a profile named \"" + name + "\" already exists; " + hint
	}
	return ""
}

// freeName is base, or base-2, base-3 ... whichever is not taken.
func (m Model) freeName(base string) string {
	if len(base) > store.MaxNameLen {
		base = base[:store.MaxNameLen]
	}
	name := base
	for i := 2; ; i++ {
		if _, taken := m.find(name); !taken {
			return name
		}
		name = base + "-" + strconv.Itoa(i)
	}
}

// updateConfirm handles a key in a confirmation.
func (m Model) updateConfirm(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	var answer string
	m.confirm, answer = m.confirm.Update(msg)
	if answer == "" {
		return m, nil
	}
	m = m.endMode()
	if m.confirmFor == confirmAsk {
		return m, emit(AnsweredMsg{ID: m.confirmArg, Answer: answer})
	}
	if answer != AnswerYes {
		return m, nil
	}
	switch m.confirmFor {
	case confirmDelete:
		return m, emit(DeleteMsg{Name: m.confirmArg})
	case confirmRepair:
		return m, emit(RepairMsg{Problem: corruptText(m.err)})
	}
	return m, nil
}

// updateHistory handles a key in the history: the arrows select an entry,
// enter opens its details; in the details the arrows step through the
// entries, enter loads the profile's saved values (the history keeps no
// request body) and esc goes back to the entries.
func (m Model) updateHistory(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	rows := max(m.historyRows(), 1)
	if m.histDetail {
		switch {
		case key.Matches(msg, k.Back):
			m.histDetail = false
		case key.Matches(msg, k.History):
			return m.endMode(), nil
		case key.Matches(msg, k.Load):
			return m, emit(LoadProfileMsg{Name: m.histName})
		case key.Matches(msg, k.Resend):
			if e, ok := m.HistorySelected(); ok {
				m.SetNotice("sending the " + e.Kind + " again…")
				return m, emit(ResendMsg{Name: m.histName, Kind: e.Kind})
			}
		case key.Matches(msg, k.Up):
			m.histCursor--
		case key.Matches(msg, k.Down):
			m.histCursor++
		}
		m.clampHistory()
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.History):
		return m.endMode(), nil
	case key.Matches(msg, k.Submit):
		if _, ok := m.HistorySelected(); ok {
			m.histDetail = true
		}
	case key.Matches(msg, k.Up):
		m.histCursor--
	case key.Matches(msg, k.Down):
		m.histCursor++
	case key.Matches(msg, k.PageUp):
		m.histCursor -= rows
		m.histOffset -= rows
	case key.Matches(msg, k.PageDown):
		m.histCursor += rows
		m.histOffset += rows
	case key.Matches(msg, k.Top):
		m.histCursor = 0
	case key.Matches(msg, k.Bottom):
		m.histCursor = len(m.history)
	}
	m.clampHistory()
	return m, nil
}
