package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// concurrentProfiles is the number of profiles in TestTokenSavesBesideSaves.
const concurrentProfiles = 20

// runTokenLoop is a helper job: save new tokens for every profile, rounds
// times, the way two `check --all` runs do.
func runTokenLoop(s *Store, tag string) error {
	for round := range 5 {
		for i := range concurrentProfiles {
			name := fmt.Sprintf("c%02d", i)
			err := s.write(func(t *wtxn) error {
				k, ok := t.find(name)
				if !ok {
					return notFound(name)
				}
				p := &t.profiles[k]
				sec, err := t.secrets(p)
				if err != nil {
					return err
				}
				stamp := fmt.Sprintf("%s-%d-%s", tag, round, name)
				sec.AccessToken, sec.RefreshToken = "at-"+stamp, "rt-"+stamp
				return t.putSecrets(p, sec)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// runSecretSaves is a helper job: save every profile with a new client
// secret.
func runSecretSaves(s *Store) error {
	for i := range concurrentProfiles {
		name := fmt.Sprintf("c%02d", i)
		if err := s.Save(sampleProfile(name), &Secrets{ClientSecret: "cs2-" + name}, SaveOptions{}); err != nil {
			return err
		}
	}
	return nil
}

// Two processes saving tokens for every profile while a third saves every
// profile with a new client secret: each profile ends with the new secret,
// its two tokens come from one save, and no secret is left that nothing
// points at.
func TestTokenSavesBesideSaves(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range concurrentProfiles {
		name := fmt.Sprintf("c%02d", i)
		if err := s.Save(sampleProfile(name), &Secrets{ClientSecret: "cs-" + name}, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	barrier := filepath.Join(t.TempDir(), "go")
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for _, job := range []string{"token-loop", "token-loop", "secret-saves"} {
		cmd := helper(t, job, s.Dir(), fmt.Sprint(len(cmds)), helperBarrier+"="+barrier)
		out := new(strings.Builder)
		cmd.Stderr = out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	if err := os.WriteFile(barrier, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v: %s", i, err, outs[i])
		}
	}
	checked := 0
	for i := range concurrentProfiles {
		name := fmt.Sprintf("c%02d", i)
		sec, err := s.Secrets(name)
		if err != nil {
			t.Fatal(err)
		}
		if sec.ClientSecret != "cs2-"+name {
			t.Errorf("%s has client secret %q after the save", name, sec.ClientSecret)
		}
		if strings.TrimPrefix(sec.AccessToken, "at-") != strings.TrimPrefix(sec.RefreshToken, "rt-") {
			t.Errorf("%s has tokens of two saves: %q, %q", name, sec.AccessToken, sec.RefreshToken)
		}
		checked++
	}
	if checked != concurrentProfiles {
		t.Errorf("%d of %d profiles checked", checked, concurrentProfiles)
	}
	assertNoOrphans(t, s, nil)
}
