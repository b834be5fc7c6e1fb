package form

import (
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// undoLimit bounds each text field's undo history.
const undoLimit = 100

// undoStep is a field's text (and cursor) before one edit; seq orders it
// against the other fields' steps and the form's snapshots.
type undoStep struct {
	value  string
	cursor int
	seq    int
}

// history is one text field's undo steps, oldest first, at most undoLimit.
// A run of typed letters and digits is one step (undo takes back a word,
// not a letter); a space, a deletion, a paste or a move elsewhere ends it.
type history struct {
	steps []undoStep
	// typing is true while the last step is a run of typed characters
	// that the next typed character joins.
	typing bool
}

// push records the state before an edit; typed says the edit typed one
// word character (joining a run already recorded). It reports whether a
// step was added.
func (h *history) push(s undoStep, typed bool) bool {
	if typed && h.typing {
		return false
	}
	h.typing = typed
	if len(h.steps) == undoLimit {
		copy(h.steps, h.steps[1:])
		h.steps = h.steps[:undoLimit-1]
	}
	h.steps = append(h.steps, s)
	return true
}

// pop takes the last step back; ok is false when there is none.
func (h *history) pop() (undoStep, bool) {
	h.typing = false
	if len(h.steps) == 0 {
		return undoStep{}, false
	}
	s := h.steps[len(h.steps)-1]
	h.steps = h.steps[:len(h.steps)-1]
	return s, true
}

// typedWord reports whether msg types one letter or digit.
func typedWord(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || utf8.RuneCountInString(k.Text) != 1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(k.Text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Undo takes back the newer of the focused text field's last edit (typing,
// deletion, paste) and the form's last whole-form change (a revert, a
// removed row). It reports whether there was one.
func (m *Model) Undo() bool {
	f := m.fieldAt(m.pos)
	fieldSeq := -1
	if !f.isPicker() {
		if steps := m.rowAt(m.pos).hist.steps; len(steps) > 0 {
			fieldSeq = steps[len(steps)-1].seq
		}
	}
	if snapSeq := m.lastSnapshotSeq(); snapSeq > fieldSeq {
		s := m.snaps[len(m.snaps)-1]
		m.snaps = m.snaps[:len(m.snaps)-1]
		m.restoreSnapshot(s)
		m.notice = "undid " + s.what
		return true
	}
	if f.isPicker() {
		return false
	}
	r := m.rowAt(m.pos)
	s, ok := r.hist.pop()
	if !ok {
		return false
	}
	r.input.SetValue(s.value)
	r.input.SetCursor(s.cursor)
	m.edited(f)
	return true
}

// CanUndo reports whether Undo has something to take back.
func (m *Model) CanUndo() bool {
	if len(m.snaps) > 0 {
		return true
	}
	if m.fieldAt(m.pos).isPicker() {
		return false
	}
	return len(m.rowAt(m.pos).hist.steps) > 0
}

// clearHistory forgets every field's undo steps (a profile was loaded).
func (m *Model) clearHistory() {
	for f := range m.rows {
		m.rows[f].hist = history{}
	}
	for l := range m.lists {
		for i := range m.lists[l] {
			m.lists[l][i].hist = history{}
		}
	}
}
