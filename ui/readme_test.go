package ui

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReadmeKeyTable compares the README's key table with the key map (the
// F1 overlay's groups, which TestKeyOverlayIsCompleteAt60x20 checks hold
// every binding of DefaultKeyMap and the pane's): a key changed in the map
// and not in the README fails here. `go test ./ui -run ReadmeKeyTable
// -update` rewrites the table.
func TestReadmeKeyTable(t *testing.T) {
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	want := m.keyTable()
	const path = "../README.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	start := strings.Index(text, "| where | key | does |\n")
	if start < 0 {
		t.Fatal("README has no key table (| where | key | does |)")
	}
	end := start
	for _, l := range strings.SplitAfter(text[start:], "\n") {
		if !strings.HasPrefix(l, "|") {
			break
		}
		end += len(l)
	}
	got := text[start:end]
	if got == want {
		return
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(text[:start]+want+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("README key table differs from the key map at row %d:\nREADME:  %s\nkey map: %s\n(go test ./ui -run ReadmeKeyTable -update rewrites it)", i+1, g, w)
		}
	}
}

// keyTable is the key overlay as a Markdown table (where | key | does),
// the README's "Keys" table: TestReadmeKeyTable keeps the two equal.
func (m *Model) keyTable() string {
	var b strings.Builder
	b.WriteString("| where | key | does |\n|---|---|---|\n")
	for _, g := range m.helpGroups() {
		where := g.title
		for _, k := range g.keys {
			h := k.Help()
			fmt.Fprintf(&b, "|%s| `%s` | %s |\n", cell(where), strings.ReplaceAll(h.Key, "|", "\\|"), strings.ReplaceAll(h.Desc, "|", "\\|"))
			where = ""
		}
	}
	return b.String()
}

// cell is a Markdown table cell's text with a space either side ("| |"
// for an empty one).
func cell(s string) string {
	if s == "" {
		return " "
	}
	return " " + s + " "
}
