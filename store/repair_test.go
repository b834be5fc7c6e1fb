package store

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// A stray character makes profiles.json unreadable as a whole: the report
// carries the parser's message with its line and column.
func TestRepairReportsWhereTheFileBroke(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"a", "b"} {
		if err := s.Save(sampleProfile(n), &Secrets{ClientSecret: "cs-" + n}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(s.Path())
	lines := strings.SplitAfter(string(data), "\n")
	lines[4] = "x" + lines[4] // line 5, column 1
	if err := os.WriteFile(s.Path(), []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := s.RepairReport()
	if err != nil || len(r.Moved) != 1 {
		t.Fatalf("repair: %+v %v", r, err)
	}
	var ce *CorruptError
	if !errors.As(r.Moved[0].Problem, &ce) || ce.Line != 5 || ce.Column != 1 || ce.Problem == "" {
		t.Errorf("problem %v, want the parser's message at line 5 column 1", r.Moved[0].Problem)
	}
	if r.Moved[0].Profiles != 0 || r.Kept != 0 {
		t.Errorf("a file that is not JSON was split: %+v", r)
	}
}

// A profiles.json that is JSON with one bad profile keeps the others; only
// the bad one goes aside, and its secrets stay for when it comes back.
func TestRepairKeepsTheReadableProfiles(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"a", "b", "c"} {
		if err := s.Save(sampleProfile(n), &Secrets{ClientSecret: "cs-" + n}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(s.Path())
	// b's networkType becomes a number: still JSON, not a profile.
	i := strings.Index(string(data), `"name": "b"`)
	j := i + strings.Index(string(data[i:]), `"networkType": "wifi"`)
	broken := string(data[:j]) + `"networkType": 7` + string(data[j+len(`"networkType": "wifi"`):])
	if err := os.WriteFile(s.Path(), []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(); err == nil {
		t.Fatal("the broken file read")
	}
	r, err := s.RepairReport()
	if err != nil || len(r.Moved) != 1 || r.Kept != 2 || r.Moved[0].Profiles != 1 {
		t.Fatalf("repair: %+v %v", r, err)
	}
	var ce *CorruptError
	if !errors.As(r.Moved[0].Problem, &ce) || ce.Line == 0 {
		t.Errorf("problem %v has no line", r.Moved[0].Problem)
	}
	ps, err := s.List()
	if err != nil || len(ps) != 2 || ps[0].Name != "a" || ps[1].Name != "c" {
		t.Fatalf("after repair: %v %v", ps, err)
	}
	for _, n := range []string{"a", "c"} {
		if sec, _ := s.Secrets(n); sec.ClientSecret != "cs-"+n {
			t.Errorf("%s lost its secret", n)
		}
	}
	aside, _ := os.ReadFile(r.Moved[0].To)
	if !strings.Contains(string(aside), `"name": "b"`) || strings.Contains(string(aside), `"name": "a"`) {
		t.Errorf("the file aside holds:\n%s", aside)
	}
	// b's secret stays in secrets.json under its reference, for when the
	// file aside is fixed and put back.
	m, _ := s.loadSecretsFile()
	found := false
	for ref, sec := range m {
		if strings.HasPrefix(ref, "b~") && sec.ClientSecret == "cs-b" {
			found = true
		}
	}
	if !found {
		t.Error("the secret of the profile moved aside was deleted")
	}
	if err := s.Save(sampleProfile("b"), &Secrets{ClientSecret: "new"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	m, _ = s.loadSecretsFile()
	for ref, sec := range m {
		if strings.HasPrefix(ref, "b~") && sec.ClientSecret == "cs-b" {
			return
		}
	}
	t.Error("a save under the moved-aside name deleted its secret")
}
