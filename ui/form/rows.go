package form

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/authdeck/authdeck/tokenclient"
)

// The two lists of editable rows.
const (
	listFields  = 0 // "Extra body fields": name = text, name := json
	listHeaders = 1 // "Headers": Name: value
)

// newListRow returns an empty row of list l.
func (m *Model) newListRow(l int) row {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = fieldPlaceholder
	if l == listHeaders {
		in.Placeholder = headerPlaceholder
	}
	in.SetStyles(m.inputStyles())
	in.SetWidth(m.editWidth())
	return row{input: in}
}

// total is the number of focusable rows: the fixed fields and both lists.
func (m *Model) total() int { return int(fieldCount) + len(m.lists[0]) + len(m.lists[1]) }

// locate says what position pos is: a fixed field (list -1) or row idx of
// list l.
func (m *Model) locate(pos int) (l, idx int) {
	switch {
	case pos < int(fieldCount):
		return -1, pos
	case pos < int(fieldCount)+len(m.lists[0]):
		return listFields, pos - int(fieldCount)
	}
	return listHeaders, pos - int(fieldCount) - len(m.lists[0])
}

// posOf is the position of row idx of list l.
func (m *Model) posOf(l, idx int) int {
	if l == listFields {
		return int(fieldCount) + idx
	}
	return int(fieldCount) + len(m.lists[0]) + idx
}

// rowAt is the row at position pos.
func (m *Model) rowAt(pos int) *row {
	l, idx := m.locate(pos)
	if l < 0 {
		return &m.rows[idx]
	}
	return &m.lists[l][idx]
}

// fieldAt is the Field a position reports (FieldRow/HeaderRow in the lists).
func (m *Model) fieldAt(pos int) Field {
	switch l, idx := m.locate(pos); l {
	case listFields:
		return FieldRow
	case listHeaders:
		return HeaderRow
	default:
		return Field(idx)
	}
}

// tidyLists drops emptied rows (other than the focused one) and keeps one
// empty row at the end of each list, where a new entry is typed. It keeps
// the focus on the same row.
func (m *Model) tidyLists() {
	fl, fi := m.locate(m.pos)
	for l := range m.lists {
		var kept []row
		for i, r := range m.lists[l] {
			last := i == len(m.lists[l])-1
			if strings.TrimSpace(r.input.Value()) == "" && !last && !(l == fl && i == fi) {
				if l == fl && i < fi {
					fi--
				}
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) == 0 || strings.TrimSpace(kept[len(kept)-1].input.Value()) != "" {
			kept = append(kept, m.newListRow(l))
		}
		m.lists[l] = kept
	}
	if fl >= 0 {
		m.pos = m.posOf(fl, min(fi, len(m.lists[fl])-1))
	}
}

// AddRow inserts an empty row after the focused row of a list (or at the
// end of the extra fields when the focus is elsewhere) and focuses it.
func (m *Model) AddRow() {
	l, idx := m.locate(m.pos)
	if l < 0 {
		l, idx = listFields, len(m.lists[listFields])-1
	}
	rows := m.lists[l]
	if strings.TrimSpace(rows[idx].input.Value()) == "" {
		m.focusPos(m.posOf(l, idx)) // already on an empty row
		return
	}
	rows = append(rows[:idx+1], append([]row{m.newListRow(l)}, rows[idx+1:]...)...)
	m.lists[l] = rows
	m.blurCurrent()
	m.pos = m.posOf(l, idx+1)
	m.rowAt(m.pos).input.Focus()
	m.scrollToFocus()
}

// RemoveRow deletes the focused row of a list (an empty last row is only
// cleared). It reports whether the focus was on a list row.
func (m *Model) RemoveRow() bool {
	l, idx := m.locate(m.pos)
	if l < 0 {
		return false
	}
	m.takeSnapshot("removing the row")
	rows := m.lists[l]
	m.lists[l] = append(rows[:idx:idx], rows[idx+1:]...)
	if len(m.lists[l]) == 0 {
		m.lists[l] = []row{m.newListRow(l)}
	}
	m.pos = m.posOf(l, min(idx, len(m.lists[l])-1))
	m.tidyLists()
	m.rowAt(m.pos).input.Focus()
	m.scrollToFocus()
	return true
}

// parseFieldRow reads "name = text" (a JSON string) or "name := json" (raw
// JSON, the CLI's --field name:=json). The first "=" splits; spaces around
// the name and the value are not part of them.
func parseFieldRow(s string) (tokenclient.Field, string) {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return tokenclient.Field{}, "write name = text, or name := json for a number, true, an object…"
	}
	name, value := s[:i], strings.TrimSpace(s[i+1:])
	raw := strings.HasSuffix(name, ":")
	name = strings.TrimSpace(strings.TrimSuffix(name, ":"))
	if name == "" {
		return tokenclient.Field{}, "the field has no name: write name = text, e.g. peacockUUID = abc"
	}
	if raw {
		if !json.Valid([]byte(value)) {
			return tokenclient.Field{Name: name}, name + " := …: the value is not valid JSON; quote a string (or write name = text), or give a number, true, false, null, an array or an object"
		}
		// As typed (not compacted): the bytes a profile saved from the CLI
		// holds come back and go out unchanged.
		return tokenclient.Field{Name: name, Value: json.RawMessage(value)}, ""
	}
	b, _ := json.Marshal(value)
	return tokenclient.Field{Name: name, Value: b}, ""
}

// formatFieldRow is the row text of f: "name = text" when that gives back
// exactly f's bytes, else "name := json".
func formatFieldRow(f tokenclient.Field) string {
	var s string
	if json.Unmarshal(f.Value, &s) == nil && strings.TrimSpace(s) == s {
		if b, err := json.Marshal(s); err == nil && string(b) == string(f.Value) {
			return f.Name + " = " + s
		}
	}
	return f.Name + " := " + string(f.Value)
}

// parseHeaderRow reads "Name: value".
func parseHeaderRow(s string) (tokenclient.Header, string) {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return tokenclient.Header{}, "write the header as Name: value, e.g. X-Client: web"
	}
	return tokenclient.Header{Name: name, Value: strings.TrimSpace(value)}, ""
}

// formatHeaderRow is the row text of h.
func formatHeaderRow(h tokenclient.Header) string { return h.Name + ": " + h.Value }

// listEntries parses the non-empty rows of both lists: the request's
// fields and headers, and each row's own problem by position.
func (m *Model) listEntries() (fields []tokenclient.Field, headers []tokenclient.Header, fieldPos, headerPos []int, problems map[int]string) {
	problems = map[int]string{}
	fields, fieldPos = parseRows(m, listFields, parseFieldRow, problems)
	headers, headerPos = parseRows(m, listHeaders, parseHeaderRow, problems)
	return fields, headers, fieldPos, headerPos, problems
}

// parseRows parses the non-empty rows of list l with parse, returning the
// entries and their positions; a row's problem goes to problems by
// position.
func parseRows[T any](m *Model, l int, parse func(string) (T, string), problems map[int]string) (out []T, pos []int) {
	for i, r := range m.lists[l] {
		text := strings.TrimSpace(r.input.Value())
		if text == "" {
			continue
		}
		e, p := parse(text)
		if p != "" {
			problems[m.posOf(l, i)] = p
			continue
		}
		out, pos = append(out, e), append(pos, m.posOf(l, i))
	}
	return out, pos
}

var entryNumber = regexp.MustCompile(`^extra (field|header) (\d+)\b`)

// rowOfProblem finds the row a "fields" or "headers" validation problem
// is about: by its number ("extra field 2 …"), else by the name it quotes,
// else the list's first entry.
func rowOfProblem(msg string, names []string, pos []int) (int, bool) {
	if len(pos) == 0 {
		return 0, false
	}
	if sm := entryNumber.FindStringSubmatch(msg); sm != nil {
		if n, err := strconv.Atoi(sm[2]); err == nil && n >= 1 && n <= len(pos) {
			return pos[n-1], true
		}
	}
	// A name given twice is reported on its second row.
	for i := len(names) - 1; i >= 0; i-- {
		if strings.Contains(msg, strconv.Quote(names[i])) || strings.Contains(msg, " "+names[i]+" ") {
			return pos[i], true
		}
	}
	return pos[0], true
}
