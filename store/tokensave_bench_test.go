package store

import (
	"database/sql"
	"fmt"
	"testing"
)

// saveTokenOnce stores new tokens for name the way a token request does:
// one locked write that changes only the tokens and their metadata.
func saveTokenOnce(s *Store, name string, n int) error {
	return s.write(func(t *wtxn) error {
		i, ok := t.find(name)
		if !ok {
			return notFound(name)
		}
		p := &t.profiles[i]
		sec, err := t.secrets(p)
		if err != nil {
			return err
		}
		sec.AccessToken = fmt.Sprintf("at-%s-%d-%s", name, n, longToken)
		sec.RefreshToken = fmt.Sprintf("rt-%s-%d", name, n)
		meta := &TokenMeta{ExpiresIn: 3600, ExpiresAt: fixedNow, ObtainedAt: fixedNow}
		t.onState(func(tx *sql.Tx) error { return putToken(tx, name, meta) })
		return t.putSecrets(p, sec)
	})
}

// longToken pads access tokens to the size of a real JWT (about 1 KB).
var longToken = fmt.Sprintf("%01000d", 0)

// BenchmarkCheckTokenSaves: the token saves of one `check --all --fresh`
// over N file-store profiles that already hold tokens; reports the bytes
// written to store files per check and per profile.
func BenchmarkCheckTokenSaves(b *testing.B) {
	for _, n := range []int{50, 200, 800} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			s, err := Open(Options{Dir: dir, SecretStore: SecretFile, Warn: nopWriter{}})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			for i := range n {
				p := sampleProfile(fmt.Sprintf("p%04d", i))
				if err := s.Save(p, &Secrets{ClientSecret: "cs"}, SaveOptions{}); err != nil {
					b.Fatal(err)
				}
				if err := saveTokenOnce(s, p.Name, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := bytesWritten.Load()
			for k := range b.N {
				for i := range n {
					if err := saveTokenOnce(s, fmt.Sprintf("p%04d", i), k+1); err != nil {
						b.Fatal(err)
					}
				}
			}
			per := float64(bytesWritten.Load()-start) / float64(b.N)
			b.ReportMetric(per, "B-written/check")
			b.ReportMetric(per/float64(n), "B-written/profile")
		})
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
