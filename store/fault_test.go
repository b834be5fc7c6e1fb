package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// faultBase is the number of profiles in the fault-test store.
const faultBase = 2000

func faultName(i int) string { return fmt.Sprintf("b%04d", i) }

// faultLoop is the helper's job in TestKillDuringSaveRemoveRename: save,
// remove and rename forever, each step leaving an invariant that
// checkFaultStore verifies after a kill -9 at any moment.
func faultLoop(s *Store) error {
	if _, err := s.Get("moved"); err == nil { // the last run was killed between the renames
		if err := s.Rename("moved", faultName(1)); err != nil {
			return err
		}
	}
	for i := 0; ; i++ {
		// Rename there and back: exactly one of b0001 and moved exists.
		if err := s.Rename(faultName(1), "moved"); err != nil {
			return err
		}
		if err := s.Rename("moved", faultName(1)); err != nil {
			return err
		}
		// Create and remove: tmp exists with its secret, or not at all.
		if err := s.Save(sampleProfile("tmp"), &Secrets{ClientSecret: "cs-tmp"}, SaveOptions{}); err != nil {
			return err
		}
		if err := s.Delete("tmp"); err != nil {
			return err
		}
		// Save a changed profile with its (same) secret.
		p := sampleProfile(faultName(2))
		p.Note = fmt.Sprint(i)
		if err := s.Save(p, &Secrets{ClientSecret: "cs-" + faultName(2)}, SaveOptions{}); err != nil {
			return err
		}
	}
}

func checkFaultStore(t *testing.T, s *Store) {
	t.Helper()
	ps, err := s.List()
	if err != nil {
		t.Fatalf("store unreadable after a kill: %v", err)
	}
	have := map[string]bool{}
	for _, p := range ps {
		have[p.Name] = true
		want := "cs-" + p.Name
		if p.Name == "moved" {
			want = "cs-" + faultName(1)
		}
		sec, err := s.Secrets(p.Name)
		if err != nil {
			t.Fatalf("secrets unreadable after a kill: %v", err)
		}
		if got := sec.ClientSecret; got != want {
			t.Errorf("profile %s has secret %q, want %q", p.Name, got, want)
		}
	}
	for i := range faultBase {
		if n := faultName(i); !have[n] && !(i == 1 && have["moved"]) {
			t.Errorf("profile %s lost", n)
		}
	}
	if have[faultName(1)] == have["moved"] {
		t.Errorf("rename left b0001=%v moved=%v", have[faultName(1)], have["moved"])
	}
}

func TestKillDuringSaveRemoveRename(t *testing.T) {
	s, _ := openTest(t, Options{})
	ps := make([]Profile, faultBase)
	secs := make([]*Secrets, faultBase)
	for i := range ps {
		ps[i] = sampleProfile(faultName(i))
		ps[i].Created, ps[i].Updated = fixedNow, fixedNow
		secs[i] = &Secrets{ClientSecret: "cs-" + faultName(i)}
	}
	if _, err := s.Import(mustEncode(t, ps, secs), false); err != nil {
		t.Fatal(err)
	}
	budget := 3 * time.Second
	if testing.Short() {
		budget = time.Second
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for deadline := time.Now().Add(budget); time.Now().Before(deadline) || kills < 3; kills++ {
		cmd := helper(t, "fault", s.Dir(), "")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+rng.IntN(250)) * time.Millisecond)
		cmd.Process.Kill()
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != -1 {
			t.Fatalf("helper did not die by the kill: %v: %s", err, stderr.String())
		}
		checkFaultStore(t, s)
		if t.Failed() {
			t.Fatalf("after kill %d", kills+1)
		}
	}
	t.Logf("%d kills, every profile and secret intact", kills)
}
