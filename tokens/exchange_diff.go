package tokens

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/authdeck/authdeck/store"
)

// CallField is one comparable fact of a recorded call: "status",
// "request.header.User-Agent", "request.body.clientKey",
// "response.body.error". Value is as recorded (masked), a body field's
// value as compact JSON or form text.
type CallField struct {
	Name  string
	Value string
}

// CallFields lists the facts of call e in a stable order: the call, then
// the request (method, URL, headers, body fields) and the response
// (status, headers, body fields). A body that is not a JSON object or a
// form is one field, "request.body" / "response.body". Time and duration,
// which differ between any two calls, are left out.
func CallFields(e store.HistoryEntry) []CallField {
	var out []CallField
	add := func(name, value string) { out = append(out, CallField{name, value}) }
	add("profile", e.Profile)
	add("kind", e.Kind)
	add("endpoint", e.Endpoint)
	add("status", strconv.Itoa(e.Status))
	if e.Error != "" {
		add("error", e.Error)
	}
	x := e.Exchange
	if x == nil {
		return out
	}
	add("request.method", x.Request.Method)
	add("request.url", x.Request.URL)
	out = append(out, headerFields("request.header.", x.Request.Headers)...)
	out = append(out, bodyFields("request.body", x.Request.Body)...)
	if r := x.Response; r != nil {
		add("response.status", strconv.Itoa(r.Status))
		out = append(out, headerFields("response.header.", r.Headers)...)
		out = append(out, bodyFields("response.body", r.Body)...)
	}
	return out
}

// headerFields is one field per header name, repeated values joined by ", ".
func headerFields(prefix string, hs []store.Header) []CallField {
	var out []CallField
	at := map[string]int{}
	for _, h := range hs {
		if i, ok := at[strings.ToLower(h.Name)]; ok {
			out[i].Value += ", " + h.Value
			continue
		}
		at[strings.ToLower(h.Name)] = len(out)
		out = append(out, CallField{prefix + h.Name, h.Value})
	}
	return out
}

// bodyFields splits a JSON object or a form body into its top-level
// fields, in body order; anything else is one field.
func bodyFields(name, body string) []CallField {
	if body == "" {
		return nil
	}
	if fs, ok := jsonFields(name+".", body); ok {
		return fs
	}
	if fs, ok := formFields(name+".", body); ok {
		return fs
	}
	return []CallField{{name, body}}
}

func jsonFields(prefix, body string) ([]CallField, bool) {
	dec := json.NewDecoder(strings.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []CallField
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			return nil, false
		}
		out = append(out, CallField{prefix + k.(string), b.String()})
	}
	return out, true
}

func formFields(prefix, body string) ([]CallField, bool) {
	if strings.ContainsAny(body, " \n{") || !strings.Contains(body, "=") {
		return nil, false
	}
	var out []CallField
	for _, kv := range strings.Split(body, "&") {
		k, v, _ := strings.Cut(kv, "=")
		uk, err1 := url.QueryUnescape(k)
		uv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		out = append(out, CallField{prefix + uk, uv})
	}
	return out, true
}

// Change says how a field differs between two calls.
type Change string

// The changes of a FieldDiff.
const (
	Changed Change = "changed" // in both calls, different values
	Added   Change = "added"   // only in the second call
	Removed Change = "removed" // only in the first call
)

// FieldDiff is one field that differs between two calls.
type FieldDiff struct {
	Name   string
	Change Change
	A, B   string // the values in the first and second call ("" when absent)
}

// CallDiff is what changed from call A to call B.
type CallDiff struct {
	A, B store.HistoryEntry
	// SameProfile is false when the calls are of different profiles (they
	// are compared all the same).
	SameProfile bool
	// Fields are the differing fields, in A's order then B's new ones.
	Fields []FieldDiff
	// Same counts the fields equal in both.
	Same int
	// Missing names the calls recorded without their exchange (by an
	// older authdeck, or nothing was sent): only their summaries compare.
	Missing []int64
}

// DiffCalls compares two recorded calls field by field (CallFields).
func DiffCalls(a, b store.HistoryEntry) CallDiff {
	d := CallDiff{A: a, B: b, SameProfile: a.Profile == b.Profile}
	for _, e := range []store.HistoryEntry{a, b} {
		if e.Exchange == nil {
			d.Missing = append(d.Missing, e.ID)
		}
	}
	fa, fb := CallFields(a), CallFields(b)
	inB := make(map[string]string, len(fb))
	for _, f := range fb {
		inB[f.Name] = f.Value
	}
	inA := make(map[string]bool, len(fa))
	for _, f := range fa {
		inA[f.Name] = true
		v, ok := inB[f.Name]
		switch {
		case !ok:
			d.Fields = append(d.Fields, FieldDiff{Name: f.Name, Change: Removed, A: f.Value})
		case v != f.Value:
			d.Fields = append(d.Fields, FieldDiff{Name: f.Name, Change: Changed, A: f.Value, B: v})
		default:
			d.Same++
		}
	}
	for _, f := range fb {
		if !inA[f.Name] {
			d.Fields = append(d.Fields, FieldDiff{Name: f.Name, Change: Added, B: f.Value})
		}
	}
	return d
}
