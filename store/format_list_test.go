package store

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// sameDecode checks that parsing data in two halves (split forced) gives
// exactly what parsing in order gives: the same profiles and spans, or the
// same error at the same offset.
func sameDecode(t *testing.T, data string) {
	t.Helper()
	for _, withSecrets := range []bool{false, true} {
		ps1, sec1, sp1, err1 := decodeDoc(data, withSecrets, math.MaxInt)
		ps2, sec2, sp2, err2 := decodeDoc(data, withSecrets, 0)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Fatalf("errors differ: in order %v, split %v", err1, err2)
		}
		var se1, se2 *syntaxError
		if errors.As(err1, &se1) != errors.As(err2, &se2) || se1 != nil && se1.offset != se2.offset {
			t.Fatalf("error offsets differ: %+v vs %+v", se1, se2)
		}
		if !reflect.DeepEqual(ps1, ps2) || !reflect.DeepEqual(sec1, sec2) || !reflect.DeepEqual(sp1, sp2) {
			t.Fatalf("results differ (%d vs %d profiles)", len(ps1), len(ps2))
		}
	}
}

// splitDoc is a valid file of n profiles.
func splitDoc(n int) string {
	ps := make([]Profile, n)
	for i := range ps {
		ps[i] = fullProfile(fmt.Sprintf("p%03d", i))
	}
	return encodeProfiles(ps, nil)
}

func TestSplitParseMatchesInOrder(t *testing.T) {
	doc := splitDoc(40)
	if _, _, sp, err := decodeDoc(doc, false, 0); err != nil || len(sp) != 40 {
		t.Fatalf("split parse of a valid file: %d profiles, %v", len(sp), err)
	}
	if findSplit(doc, len(doc)/2) < 0 {
		t.Fatal("no split point found in a canonical file, so the split path is not exercised")
	}
	mid := strings.Index(doc[len(doc)/2:], `"name"`) + len(doc)/2
	cases := map[string]string{
		"valid":                doc,
		"dup key after split":  strings.Replace(doc, `"name": "p039",`, `"name": "p039", "name": "p039",`, 1),
		"dup key before split": strings.Replace(doc, `"name": "p001",`, `"name": "p001", "name": "p001",`, 1),
		"unknown key in tail":  strings.Replace(doc, `"name": "p038",`, `"name": "p038", "bogus": 1,`, 1),
		"bad name in tail":     strings.Replace(doc, `"name": "p037"`, `"name": "p/37"`, 1),
		"dup name across":      strings.Replace(doc, `"name": "p039"`, `"name": "p000"`, 1),
		"unsorted":             strings.Replace(doc, `"name": "p030"`, `"name": "a030"`, 1),
		"truncated":            doc[:len(doc)-200],
		"missing comma":        doc[:mid-20] + strings.Replace(doc[mid-20:], "},", "}", 1),
		"guess inside string":  strings.Replace(doc, `"note": "`, `"note": "},{\"name\" },\n {\"name\": `, -1),
		"profiles twice":       strings.Replace(doc, "\n}\n", `, "profiles": []}`, 1),
		"no version":           strings.Replace(doc, `"version": 1,`, "", 1),
		"history as profile":   strings.Replace(doc, `"name": "p035",`, `"name": "p035", "history": [{"time": "2026-01-01T00:00:00Z"},{"name": "x"}],`, 1),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) { sameDecode(t, data) })
	}
	// Every cut of the file near and after the middle.
	for cut := len(doc) / 2; cut < len(doc); cut += 97 {
		sameDecode(t, doc[:cut])
	}
}

// FuzzSplitParse checks the two-halves parse against the in-order one on
// any input.
func FuzzSplitParse(f *testing.F) {
	f.Add(splitDoc(4))
	f.Add(validDoc())
	for _, tc := range corruptCases() {
		if len(tc.data) < 4096 {
			f.Add(tc.data)
		}
	}
	f.Fuzz(func(t *testing.T, data string) { sameDecode(t, data) })
}
