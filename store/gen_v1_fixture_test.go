package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestGenV1Fixtures(t *testing.T) {
	write := func(dir string, ps []Profile, secs map[string]Secrets) {
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "profiles.json"), []byte(encodeProfiles(ps, nil)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "secrets.json"), []byte(encodeSecretsFile(secs)), 0o644); err != nil {
			t.Fatal(err)
		}
		// what today's reader makes of it must be what we wrote
		data, _ := os.ReadFile(filepath.Join(dir, "profiles.json"))
		got, _, err := decodeProfiles(string(data), false)
		if err != nil || len(got) != len(ps) {
			t.Fatal(err, len(got))
		}
	}
	full := fullProfile("full")
	bare := Profile{Name: "bare", Endpoint: "http://127.0.0.1:8080", ClientKey: "k", Created: fixedNow, Updated: fixedNow}
	kr := sampleProfile("in-keyring")
	kr.Created, kr.Updated, kr.SecretStore = fixedNow, fixedNow, SecretKeyring
	kr.LastUsed = fixedNow.Add(time.Hour)
	kr.Token = &TokenMeta{ExpiresIn: 3600, ExpiresAt: fixedNow.Add(2 * time.Hour), ObtainedAt: fixedNow.Add(time.Hour), Relative: true}
	write("testdata/v1/small", []Profile{bare, full, kr}, map[string]Secrets{"full": testSecrets, "stale-no-profile": {ClientSecret: "orphan"}})

	var ps []Profile
	secs := map[string]Secrets{}
	for i := range 200 {
		p := sampleProfile(fmt.Sprintf("p%04d", i))
		p.Created = fixedNow.Add(time.Duration(i) * time.Minute)
		p.Updated = p.Created.Add(time.Second)
		p.SecretStore = SecretFile
		if i%3 != 0 {
			p.LastUsed = p.Updated.Add(time.Duration(i) * time.Second)
			p.Token = &TokenMeta{ExpiresIn: 1780000000 + int64(i), ExpiresAt: time.Unix(1780000000+int64(i), 0).UTC(), ObtainedAt: p.LastUsed}
			for j := range i % 12 {
				p.History = append(p.History, HistoryEntry{Time: p.LastUsed.Add(time.Duration(j-12) * time.Second),
					Kind: []string{KindIssue, KindRefresh}[j%2], Status: []int{200, 401, 0}[j%3], Duration: time.Duration(1000+i*j) * time.Microsecond,
					Error: map[bool]string{true: "", false: fmt.Sprintf("failure %d of %q", j, p.Name)}[j%3 == 0]})
			}
		}
		secs[p.Name] = Secrets{ClientSecret: fmt.Sprintf("cs-%d", i), AccessToken: map[bool]string{true: fmt.Sprintf("at-%d", i)}[p.Token != nil], RefreshToken: map[bool]string{true: fmt.Sprintf("rt-%d", i)}[p.Token != nil]}
		ps = append(ps, p)
	}
	write("testdata/v1/many", ps, secs)
}
