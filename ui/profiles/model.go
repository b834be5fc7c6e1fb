package profiles

import (
	"time"

	"charm.land/bubbles/v2/textinput"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/ui/styles"
)

// mode is what the pane is doing.
type mode int

const (
	modeList    mode = iota // browsing; typing filters
	modePrompt              // asking for a profile name
	modeConfirm             // asking yes/no (delete, repair)
	modeHistory             // the selected profile's history
)

// promptKind is what a name prompt is for.
type promptKind int

const (
	promptSaveAs promptKind = iota
	promptRename
	promptDuplicate
)

// confirmKind is what a confirmation is for.
type confirmKind int

const (
	confirmDelete confirmKind = iota
	confirmRepair
	confirmAsk // a question from the root (Ask)
)

// Model is the profiles pane. Build it with New; it is a value, updated by
// Update and the setters like every child of the console.
type Model struct {
	keys   KeyMap
	styles styles.Styles
	width  int
	height int

	profiles []store.Profile
	ix       index
	filter   textinput.Model
	match    matcher
	cursor   int // index into match.matches
	offset   int // first visible match

	now    time.Time
	loaded string
	dirty  bool

	// compact draws the pane as the sidebar beside the form (two lines a
	// profile: name, then token status and last call); focused is false
	// while the keys go elsewhere (no cursor bar is drawn then).
	compact bool
	focused bool

	mode mode
	// The name prompt.
	prompt     promptKind
	promptFor  string // the profile renamed or duplicated
	nameInput  textinput.Model
	promptErr  string
	confirm    Confirm
	confirmFor confirmKind
	confirmArg string
	// The history view.
	histName   string
	histOffset int
	history    []store.HistoryEntry // newest first, from SetHistory
	histLoaded bool
	// histCursor is the selected entry; histDetail shows its details.
	histCursor int
	histDetail bool

	// check is the last check started with the Check keys.
	check checkState

	err    error
	notice string // success message, until the next key
	warn   string // a hint about a refused key, until the next key
	look   look
}

// New builds an empty pane. Give it profiles with SetProfiles and a size
// with SetSize.
func New(st styles.Styles, keys KeyMap) Model {
	m := Model{keys: keys, focused: true}
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.Placeholder = "type to filter by name, host or client key"
	m.filter.Focus()
	m.nameInput = textinput.New()
	m.nameInput.Prompt = "name: "
	m.nameInput.CharLimit = store.MaxNameLen + 8
	m.SetStyles(st)
	m.match.set("", nil, true)
	return m
}

// SetStyles replaces the styles (after a background colour change).
func (m *Model) SetStyles(st styles.Styles) {
	m.styles = st
	ts := textinput.DefaultStyles(st.IsDark)
	ts.Cursor.Blink = false
	ts.Focused.Prompt = st.LabelFocus
	ts.Blurred.Prompt = st.Label
	ts.Focused.Text = st.Value
	ts.Focused.Placeholder = st.Muted
	ts.Blurred.Placeholder = st.Muted
	ts.Cursor.Color = st.Palette.Accent // nil with NO_COLOR: a plain reverse block
	m.filter.SetStyles(ts)
	m.nameInput.SetStyles(ts)
	m.confirm.SetStyles(st)
	m.look = newLook(st)
}

// SetSize sets the area the pane draws in: View returns exactly h lines no
// wider than w.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.filter.SetWidth(max(m.width-len(m.filter.Prompt)-1, 1))
	m.nameInput.SetWidth(max(m.width-len(m.nameInput.Prompt)-1, 1))
	m.clampScroll()
}

// SetProfiles replaces the list (as store.List returns it, sorted by name)
// and the clock token statuses are shown against. The pane keeps ps: the
// caller must not modify it afterwards. The filter is kept and re-applied,
// and so is the selection when the selected profile is still there. It
// clears a store error shown by SetError.
func (m *Model) SetProfiles(ps []store.Profile, now time.Time) {
	sel, hadSel := m.Selected()
	m.profiles = ps
	m.ix = buildIndex(ps)
	m.now = now
	m.err = nil
	m.match.set(m.filter.Value(), m.ix.hay, true)
	m.cursor = 0
	if hadSel {
		for i, pi := range m.match.matches {
			if ps[pi].Name == sel.Name {
				m.cursor = i
				break
			}
		}
	}
	if m.mode == modeHistory {
		if _, ok := m.find(m.histName); !ok {
			m.mode = modeList
		}
	}
	m.clampScroll()
}

// Select moves the cursor to the named profile when the current filter
// shows it (after a save-as, rename or duplicate, the row just made), and
// reports whether it did.
func (m *Model) Select(name string) bool {
	for i, pi := range m.match.matches {
		if m.profiles[pi].Name == name {
			m.cursor = i
			m.clampScroll()
			return true
		}
	}
	return false
}

// SetNow moves the clock token statuses are shown against (the root's
// one-second tick may call it; it costs nothing per profile).
func (m *Model) SetNow(now time.Time) { m.now = now }

// SetLoaded tells the pane which profile the form holds ("" for a new,
// unsaved one) and whether it has unsaved edits.
func (m *Model) SetLoaded(name string, dirty bool) { m.loaded, m.dirty = name, dirty }

// SetError shows a store error (nil clears it) as a readable message with
// what to do. A *store.CorruptError offers the repair action.
func (m *Model) SetError(err error) {
	m.err = err
	if err != nil {
		m.notice = ""
	}
}

// SetNotice shows a short success message ("saved dev"), cleared by the
// next key press. It clears a shown error.
func (m *Model) SetNotice(text string) {
	m.notice = text
	if text != "" {
		m.err = nil
	}
}

// Selected is the profile under the cursor, if the (filtered) list is not
// empty.
func (m Model) Selected() (store.Profile, bool) {
	if m.cursor < 0 || m.cursor >= len(m.match.matches) {
		return store.Profile{}, false
	}
	return m.profiles[m.match.matches[m.cursor]], true
}

// Filter is the filter text.
func (m Model) Filter() string { return m.filter.Value() }

// Len is the number of profiles the pane holds; Matches how many pass the
// filter.
func (m Model) Len() int { return len(m.profiles) }

// Matches is how many profiles pass the filter.
func (m Model) Matches() int { return len(m.match.matches) }

// Busy reports whether the pane is in a prompt, a confirmation or the
// history: the root should then send esc to the pane rather than close it.
func (m Model) Busy() bool { return m.mode != modeList }

// Reset leaves any prompt, confirmation or history and clears the filter
// and notice (for the root to call when it opens the pane afresh).
func (m *Model) Reset() {
	m.mode, m.histDetail = modeList, false
	m.notice = ""
	m.filter.SetValue("")
	m.match.set("", m.ix.hay, false)
	m.clampScroll()
}

// Ask shows a question from the root in the pane (for example
// ConflictConfirm after store.ErrConflict, or UnsavedConfirm before loading
// over unsaved edits); the answer comes back as AnsweredMsg{ID: id}.
func (m *Model) Ask(c Confirm, id string) {
	c.SetStyles(m.styles)
	m.confirm = c
	m.mode, m.confirmFor, m.confirmArg = modeConfirm, confirmAsk, id
	m.nameInput.Blur()
	m.filter.Focus()
}

// StartSaveAs opens the "save the form as" name prompt, as F12 does (for
// the root, when the user chose to save a new profile before leaving it).
// The answer comes as SaveAsMsg, or PromptCancelledMsg on esc.
func (m *Model) StartSaveAs() {
	*m = m.startPrompt(promptSaveAs, "", "")
}

// find returns the profile with the given name.
func (m Model) find(name string) (store.Profile, bool) {
	for i := range m.profiles {
		if m.profiles[i].Name == name {
			return m.profiles[i], true
		}
	}
	return store.Profile{}, false
}

// repairable reports whether the shown error is a corrupt file.
func (m Model) repairable() bool {
	return isCorrupt(m.err)
}
