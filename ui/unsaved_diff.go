package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/profiles"
)

// fieldChange is one field the unsaved edits change against the saved
// profile. A secret's values are never kept: only that it changed.
type fieldChange struct {
	label    string
	old, new string
	secret   bool
}

// changes is what b changes against a, field by field in the form's
// order. The client secret and UID signature say "changed" only; the
// extra fields and headers give the names whose rows changed, not their
// values (a header can carry a credential).
func changes(a, b formState) []fieldChange {
	var out []fieldChange
	text := func(f form.Field, x, y string) {
		if x != y {
			out = append(out, fieldChange{label: f.Label(), old: x, new: y})
		}
	}
	secret := func(f form.Field, x, y string) {
		if x != y {
			out = append(out, fieldChange{label: f.Label(), secret: true})
		}
	}
	ra, rb := a.req, b.req
	text(form.Endpoint, a.endpoint, b.endpoint)
	text(form.ClientKey, ra.ClientKey, rb.ClientKey)
	secret(form.ClientSecret, ra.ClientSecret, rb.ClientSecret)
	text(form.DeviceID, ra.DeviceID, rb.DeviceID)
	text(form.Network, string(ra.NetworkType), string(rb.NetworkType))
	text(form.DeviceInfo, ra.DeviceInfo, rb.DeviceInfo)
	text(form.UID, ra.UID, rb.UID)
	secret(form.UIDSignature, ra.UIDSignature, rb.UIDSignature)
	text(form.SignatureTimestamp, ra.SignatureTimestamp, rb.SignatureTimestamp)
	text(form.UserAgent, ra.UserAgent, rb.UserAgent)
	text(form.Encoding, encodingName(ra.Encoding), encodingName(rb.Encoding))
	fa, fb := fieldMap(ra.Fields), fieldMap(rb.Fields)
	if names := changedNames(fa, fb); len(names) > 0 {
		out = append(out, fieldChange{label: "Extra fields", new: "changed: " + strings.Join(names, ", "), secret: true})
	}
	ha, hb := headerMap(ra.Headers), headerMap(rb.Headers)
	if names := changedNames(ha, hb); len(names) > 0 {
		out = append(out, fieldChange{label: "Headers", new: "changed: " + strings.Join(names, ", "), secret: true})
	}
	return out
}

// encodingName is the shown name of an encoding ("" is json).
func encodingName(e tokenclient.Encoding) string {
	if e == "" {
		return string(tokenclient.EncodingJSON)
	}
	return string(e)
}

// fieldMap is the extra fields by name (values as JSON text).
func fieldMap(fs []tokenclient.Field) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		out[f.Name] += string(f.Value) + "\x00"
	}
	return out
}

// headerMap is the headers by name.
func headerMap(hs []tokenclient.Header) map[string]string {
	out := map[string]string{}
	for _, h := range hs {
		out[h.Name] += h.Value + "\x00"
	}
	return out
}

// changedNames is the sorted names added, removed or changed from a to b.
func changedNames(a, b map[string]string) []string {
	var out []string
	for n, v := range a {
		if w, ok := b[n]; !ok || w != v {
			out = append(out, n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// maxDiffLines is how many changed fields a question lists before "and N
// more": the question stays readable at 60x20.
const maxDiffLines = 4

// diffLines is the unsaved edits against the saved profile as short lines
// ("  Client key: old → new"), at most maxDiffLines and a "… and N more",
// each cut to width w.
func diffLines(cs []fieldChange, w int) []string {
	var out []string
	for i, c := range cs {
		if i == maxDiffLines && len(cs) > maxDiffLines+1 {
			out = append(out, fmt.Sprintf("  … and %d more", len(cs)-i))
			break
		}
		var l string
		switch {
		case c.secret && c.new != "":
			l = c.label + ": " + c.new
		case c.secret:
			l = c.label + ": changed"
		default:
			room := max((w-2-len(c.label)-5)/2, 12) // each value's share of the line
			l = c.label + ": " + shown(c.old, room) + " → " + shown(c.new, room)
		}
		out = append(out, ansi.Truncate("  "+sanitize.Line(l), max(w, 8), "…"))
	}
	return out
}

// shown is a value in a diff line: "(empty)" when empty, longer than most
// cut in the middle so both ends show.
func shown(s string, most int) string {
	switch r := []rune(s); {
	case len(r) == 0:
		return "(empty)"
	case len(r) > most:
		return string(r[:most/2-1]) + "…" + string(r[len(r)-most/2+1:])
	}
	return s
}

// changedFieldsText is "3 fields" / "1 field" for a status line.
func changedFieldsText(n int) string {
	if n == 1 {
		return "1 field"
	}
	return fmt.Sprintf("%d fields", n)
}

// withDiff adds to a question the lines of what the unsaved edits change
// against the saved profile (none when nothing differs).
func (m *Model) withDiff(c profiles.Confirm) profiles.Confirm {
	lines := diffLines(changes(m.loaded, m.formState()), m.width-4)
	if len(lines) > 0 {
		c.Question += "\n" + strings.Join(lines, "\n")
	}
	return c
}
