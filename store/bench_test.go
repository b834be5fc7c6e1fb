package store

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// benchHistory is the number of history entries per profile in the 10 000
// profile fixture.
const benchHistory = 5

// benchStore writes a store of n profiles, each with a token and
// benchHistory history entries, and returns it.
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	s, _ := openTest(b, Options{})
	ps := make([]Profile, n)
	for i := range ps {
		p := fullProfile(fmt.Sprintf("profile-%05d", i))
		p.History = p.History[:0]
		for j := range benchHistory {
			p.History = append(p.History, HistoryEntry{
				Time: fixedNow.Add(time.Duration(j) * time.Minute), Kind: KindRefresh, Status: 200,
				Duration: 123456789 * time.Nanosecond,
			})
		}
		ps[i] = p
	}
	data := encodeProfiles(ps, nil)
	if err := os.WriteFile(s.Path(), []byte(data), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(data))/1e6, "file-MB")
	return s
}

// BenchmarkLoad10k is List on a store of 10 000 profiles by a process that
// has not read it before (what `authdeck profiles list` pays): read, parse,
// copy out (target ≤ 50 ms).
func BenchmarkLoad10k(b *testing.B) {
	s := benchStore(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		fresh, err := Open(Options{Dir: s.Dir(), SecretStore: SecretFile})
		if err != nil {
			b.Fatal(err)
		}
		ps, err := fresh.List()
		if err != nil || len(ps) != 10000 {
			b.Fatal(len(ps), err)
		}
	}
}

// BenchmarkLoad10kWarm is List again in the same process (the console after
// its first load): the file is read and compared, not parsed.
func BenchmarkLoad10kWarm(b *testing.B) {
	s := benchStore(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		ps, err := s.List()
		if err != nil || len(ps) != 10000 {
			b.Fatal(len(ps), err)
		}
	}
}

// BenchmarkSave10k is Save of one profile into a store of 10 000 profiles by
// a process that has read the store before (the console; also the CLI, which
// loads the profile it changes): lock, re-read and compare, change, encode,
// write, fsync, rename, fsync the directory (target ≤ 50 ms).
func BenchmarkSave10k(b *testing.B) {
	s := benchStore(b, 10000)
	if _, err := s.List(); err != nil {
		b.Fatal(err)
	}
	p := sampleProfile("profile-05000")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		p.Note = fmt.Sprint(i)
		if err := s.Save(p, nil, SaveOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSave10kCold is the same Save by a process that has not read the
// store yet, so it parses the file first.
func BenchmarkSave10kCold(b *testing.B) {
	s := benchStore(b, 10000)
	p := sampleProfile("profile-05000")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		p.Note = fmt.Sprint(i)
		fresh, err := Open(Options{Dir: s.Dir(), SecretStore: SecretFile})
		if err != nil {
			b.Fatal(err)
		}
		if err := fresh.Save(p, nil, SaveOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse10k and BenchmarkEncode10k split Load and Save into their
// CPU parts, without the file system.
func BenchmarkParse10k(b *testing.B) {
	s := benchStore(b, 10000)
	raw, err := os.ReadFile(s.Path())
	if err != nil {
		b.Fatal(err)
	}
	data := string(raw)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := decodeProfiles(data, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode10k(b *testing.B) {
	s := benchStore(b, 10000)
	ps, err := s.List()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		encodeProfiles(ps, nil)
	}
}
