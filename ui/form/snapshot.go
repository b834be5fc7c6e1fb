package form

import (
	"slices"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// snapLimit bounds how many whole-form changes (a revert, a removed row)
// ctrl+z can take back.
const snapLimit = 20

// snapshot is the whole form before a change that no field's own undo
// history can take back: every row with its text, marks and undo steps,
// both pickers, the device-info state and the focus.
type snapshot struct {
	what     string // the change, for the notice after undoing it
	seq      int    // orders it against the fields' undo steps
	rows     [fieldCount]row
	lists    [2][]row
	network  device.NetworkType
	encoding tokenclient.Encoding
	shape    shape
	extra    []device.ExtraField
	b64Err   string
	verbatim bool
	pos      int
}

// cloneRow copies r so that later edits of either copy leave the other
// alone (a textinput's value is a slice it edits in place).
func cloneRow(r row) row {
	c := r
	c.input.SetValue(r.input.Value())
	c.input.SetCursor(r.input.Position())
	c.hist.steps = slices.Clone(r.hist.steps)
	return c
}

// takeSnapshot records the form before the change what, for Undo.
func (m *Model) takeSnapshot(what string) {
	m.seq++
	s := snapshot{what: what, seq: m.seq, network: m.network, encoding: m.encoding, shape: m.shape,
		extra: slices.Clone(m.extra), b64Err: m.b64Err, verbatim: m.verbatim, pos: m.pos}
	for f := range m.rows {
		s.rows[f] = cloneRow(m.rows[f])
	}
	for l := range m.lists {
		for _, r := range m.lists[l] {
			s.lists[l] = append(s.lists[l], cloneRow(r))
		}
	}
	if len(m.snaps) == snapLimit {
		m.snaps = slices.Delete(m.snaps, 0, 1)
	}
	m.snaps = append(m.snaps, s)
}

// restoreSnapshot puts the form back as s recorded it.
func (m *Model) restoreSnapshot(s snapshot) {
	m.blurCurrent()
	m.rows, m.lists = s.rows, s.lists
	m.network, m.encoding, m.shape, m.extra = s.network, s.encoding, s.shape, s.extra
	m.b64Err, m.verbatim, m.pos = s.b64Err, s.verbatim, s.pos
	m.SetSize(m.width, m.height) // the window may have changed since
	if !m.fieldAt(m.pos).isPicker() {
		m.rowAt(m.pos).input.Focus()
	}
}

// Revert loads endpoint and req like Load, as one change that ctrl+z
// (Undo) takes back.
func (m *Model) Revert(endpoint string, req tokenclient.TokenRequest) {
	m.takeSnapshot("the revert")
	snaps := m.snaps
	m.Load(endpoint, req)
	m.snaps = snaps
}

// lastSnapshotSeq is the order of the newest snapshot, -1 without one.
func (m *Model) lastSnapshotSeq() int {
	if len(m.snaps) == 0 {
		return -1
	}
	return m.snaps[len(m.snaps)-1].seq
}
