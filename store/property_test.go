package store

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// writeRead is the store's property: a profile that normalize (the
// writer's check) accepts is read back identically from the encoded file.
// It reports whether p was accepted (and so exercised the property).
func writeRead(t *testing.T, p Profile, sec *Secrets) bool {
	t.Helper()
	if err := normalize(&p); err != nil {
		return false // refused by the writer: nothing to read back
	}
	var secs []*Secrets
	if sec != nil {
		if validateSecrets(p.Name, sec) != nil {
			return false
		}
		secs = []*Secrets{sec}
	}
	data, err := encodeProfiles([]Profile{p}, secs)
	if err != nil {
		t.Fatalf("the writer accepted %#v but cannot encode it: %v", p, err)
	}
	got, gotSecs, err := decodeProfiles(data, sec != nil)
	if err != nil {
		t.Fatalf("written but unreadable: %v\n%s", err, data)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], p) {
		t.Fatalf("read back differs:\nwant %#v\ngot  %#v\n%s", p, got, data)
	}
	if sec != nil && *gotSecs[0] != *sec {
		t.Fatalf("secrets differ: %#v vs %#v", gotSecs[0], sec)
	}
	return true
}

var extremeTimes = []time.Time{
	{}, time.Unix(0, 0).UTC(), minTime, maxTime, time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
	time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.UTC), time.Unix(math.MaxInt64/2, 0), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("x", 3600)),
}

// validTimes are the extreme times the writer accepts.
var validTimes = func() []time.Time {
	var out []time.Time
	for _, t := range extremeTimes {
		if u := t.UTC(); !u.Before(minTime) && !u.After(maxTime) {
			out = append(out, t)
		}
	}
	return out
}()

// text kinds for randText: what a field accepts.
const (
	anyText   = iota // may be invalid UTF-8 (the writer must refuse it)
	utf8Text         // valid UTF-8, control characters included
	plainText        // valid UTF-8 without control characters (tab allowed where tabbed)
)

func randText(r *rand.Rand, n int) string { return randTextOf(r, n, anyText) }

func randTextOf(r *rand.Rand, n, kind int) string {
	alphabet := "aZ09 _-.\"\\/\n\t<>&\u00e9\u2028\u202e✓\x00\x1b\x7f"
	if kind == plainText {
		alphabet = "aZ09 _-.\"\\/<>&\u00e9\u2028\u202e✓"
	}
	var b strings.Builder
	runes := []rune(alphabet)
	for range n {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	if kind == anyText && r.IntN(10) == 0 {
		b.WriteString("\xff") // invalid UTF-8: must be refused, never mangled
	}
	return b.String()
}

// randProfile generates a profile the writer accepts by construction
// (valid is true), or one that may break any rule (valid is false).
func randProfile(r *rand.Rand, valid bool) Profile {
	text, plain, times := anyText, anyText, extremeTimes
	if valid {
		text, plain, times = utf8Text, plainText, validTimes
	}
	p := Profile{
		Name:        []string{"a", "p-1", "x.y_z", strings.Repeat("n", MaxNameLen)}[r.IntN(4)],
		Endpoint:    []string{"https://api.example.com", "http://127.0.0.1:8080", "https://h:1/base/path"}[r.IntN(3)],
		ClientKey:   randTextOf(r, r.IntN(40), text),
		DeviceID:    randTextOf(r, r.IntN(40), text),
		Note:        randTextOf(r, []int{0, 5, 300, 100_000}[r.IntN(4)], text),
		NetworkType: device.NetworkTypes[r.IntN(len(device.NetworkTypes))],
		DeviceInfo:  device.Info{Model: randTextOf(r, 8, text), Version: randTextOf(r, 3, text), OSName: randTextOf(r, 6, text), OSVersion: randTextOf(r, 4, text)},
		UID:         randTextOf(r, r.IntN(12), plain),
		UserAgent:   randTextOf(r, r.IntN(20), plain),
		Encoding:    []tokenclient.Encoding{"", tokenclient.EncodingJSON, tokenclient.EncodingForm}[r.IntN(3)],
		Created:     times[r.IntN(len(times))],
		Updated:     times[r.IntN(len(times))],
		SecretStore: []SecretStore{"", SecretFile, SecretKeyring}[r.IntN(3)],
	}
	values := []string{`1`, `"s"`, `{"a": [1, 2.5e10, null]}`, `"<&>"`, `true`, `-0`, `"\u00e9"`}
	for i := range r.IntN(4) {
		p.DeviceInfo.Extra = append(p.DeviceInfo.Extra, device.ExtraField{Key: fmt.Sprintf("k%d", i), Value: json.RawMessage(values[r.IntN(len(values))])})
		p.Fields = append(p.Fields, tokenclient.Field{Name: fmt.Sprintf("f%d", i), Value: json.RawMessage(values[r.IntN(len(values))])})
		p.Headers = append(p.Headers, tokenclient.Header{Name: fmt.Sprintf("X-H%d", i), Value: randTextOf(r, 5, plain)})
	}
	if r.IntN(3) == 0 {
		// A device info given as base64 in another key order: kept verbatim.
		raw := fmt.Sprintf(`{"osVersion":%q,"model":%q,"version":"1","osName":"Android"}`, "14", randTextOf(r, 4, text))
		_ = p.SetDeviceInfoBase64(base64Std(raw))
	}
	return p
}

func TestWrittenProfilesReadBack(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewPCG(7, 11))
	exercised := 0
	for range n {
		p := randProfile(r, true)
		var sec *Secrets
		if r.IntN(2) == 0 {
			sec = &Secrets{ClientSecret: randTextOf(r, 10, utf8Text), AccessToken: randTextOf(r, 30, utf8Text), UIDSignature: randTextOf(r, 4, utf8Text)}
		}
		if writeRead(t, p, sec) {
			exercised++
		}
	}
	if exercised < n*95/100 {
		t.Errorf("only %d of %d generated profiles were accepted and read back", exercised, n)
	}
	// Profiles that may break any rule: refused or read back, never mangled.
	for range n / 5 {
		writeRead(t, randProfile(r, false), &Secrets{ClientSecret: randText(r, 10)})
	}
	t.Logf("%d of %d valid profiles read back", exercised, n)
}

// Through the store: what Update accepts, Get returns (state included:
// any token metadata reads back, times clamped to what state.db holds).
func TestStoreRoundTripWithState(t *testing.T) {
	s, _ := openTest(t, Options{})
	r := rand.New(rand.NewPCG(3, 5))
	const n = 60
	exercised := 0
	defer func() {
		if !t.Failed() && exercised < n*95/100 {
			t.Errorf("only %d of %d generated profiles went through the store", exercised, n)
		}
		t.Logf("%d of %d profiles went through the store", exercised, n)
	}()
	for i := range n {
		want := randProfile(r, true)
		got, err := s.Update(want.Name, UpdateOptions{}, func(p *Profile, _ *Secrets) error {
			created, updated := p.Created, p.Updated
			*p = clone(want)
			p.Created, p.Updated = created, updated
			return nil
		})
		if err != nil {
			t.Errorf("%d: a valid profile was refused: %v", i, err)
			continue
		}
		read, err := s.Get(want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(read.config(), got.config()) {
			t.Fatalf("%d: Get differs from what Update returned:\n%#v\n%#v", i, got.config(), read.config())
		}
		expiresIn := []int64{math.MaxInt64, math.MinInt64, 0, 1, 1 << 40, r.Int64()}[r.IntN(6)]
		res := &tokenclient.Result{Status: 200, Token: tokenclient.TokenResponse{AccessToken: "t", ExpiresIn: expiresIn},
			Expiry: tokenclient.ExpiryOf(expiresIn, fixedNow)}
		if err := recordResult(s, want.Name, KindIssue, res, nil, time.Duration(r.Int64())); err != nil {
			t.Fatal(err)
		}
		read, err = s.Get(want.Name)
		if err != nil || read.Token == nil || read.Token.ExpiresIn != expiresIn || !read.Token.ExpiresAt.Equal(clampTime(res.Expiry.At)) {
			t.Fatalf("token meta for %d: %+v %v", expiresIn, read.Token, err)
		}
		exercised++
	}
}

func FuzzWriteRead(f *testing.F) {
	f.Add("a", "https://api.example.com", "key", "note", int64(0), int64(0), `{"x":1}`, "X-A", "v")
	f.Add("b", "http://127.0.0.1:1", "\xff", "\u202e", int64(math.MaxInt64), int64(math.MinInt64), `"<>"`, "Host", "\r\n")
	f.Fuzz(func(t *testing.T, name, endpoint, key, note string, created, updated int64, value, hname, hvalue string) {
		p := Profile{Name: name, Endpoint: endpoint, ClientKey: key, Note: note,
			Created: time.Unix(0, created), Updated: time.Unix(created, updated),
			Fields:     []tokenclient.Field{{Name: "extra", Value: json.RawMessage(value)}},
			Headers:    []tokenclient.Header{{Name: hname, Value: hvalue}},
			DeviceInfo: device.Info{Model: note, Extra: []device.ExtraField{{Key: key, Value: json.RawMessage(value)}}}}
		writeRead(t, p, &Secrets{ClientSecret: key})
	})
}
