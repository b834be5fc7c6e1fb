package ui

import (
	tea "charm.land/bubbletea/v2"
	"fmt"
	"slices"
	"strings"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/ui/form"
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

// changedFieldsText is "3 fields" / "1 field" for a status line.
func changedFieldsText(n int) string {
	if n == 1 {
		return "1 field"
	}
	return fmt.Sprintf("%d fields", n)
}

// revert puts the form back to what was loaded or last saved: the revert
// is the discard, so it asks nothing and says what it threw away. An
// undo of the revert is not kept (the fields' undo steps go with it).
func (m *Model) revert() (tea.Model, tea.Cmd) {
	cs := changes(m.loaded, m.formState())
	what := "the saved profile " + m.profile
	if m.profile == "" {
		what = "the new profile's starting values"
	}
	if len(cs) == 0 {
		return m.setStatus(false, "nothing to revert: the form is "+what)
	}
	m.form.Load(m.loaded.endpoint, m.loaded.req)
	m.updatePreview()
	return m.setStatus(false, "reverted to "+what+": unsaved edits to "+changedFieldsText(len(cs))+" discarded")
}
