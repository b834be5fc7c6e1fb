package tokens

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// checkProfiles is how many profiles the three-process test checks.
const checkProfiles = 24

// openHelperStore opens the store of a helper process.
func openHelperStore() (*store.Store, error) {
	return store.Open(store.Options{Dir: os.Getenv(helperDir), SecretStore: store.SecretFile, Warn: os.Stderr, LockTimeout: 3 * time.Minute})
}

// runCheckHelper checks every profile with fresh tokens and prints one
// line per profile: NAME KIND.
func runCheckHelper() int {
	st, err := openHelperStore()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	ps, err := st.List()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	err = New(st).Check(context.Background(), names, CheckOptions{Fresh: true},
		func(e string) Issuer { return tokenclient.New(tokenclient.Options{BaseURL: e}) },
		func(r CheckResult) { fmt.Printf("%s %s\n", r.Profile, r.Kind) })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// runSaveHelper saves every profile again, with its client secret and a
// new note, and adds profiles new-0..new-4.
func runSaveHelper() int {
	st, err := openHelperStore()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	ps, err := st.List()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i, p := range ps {
		p.Note = fmt.Sprintf("saved by the third process (%d)", i)
		if err := st.Save(p, &store.Secrets{ClientSecret: fakeserver.DemoClientSecret}, store.SaveOptions{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	for i := range 5 {
		p := ps[0]
		p.Name = fmt.Sprintf("new-%d", i)
		if err := st.Save(p, &store.Secrets{ClientSecret: fakeserver.DemoClientSecret}, store.SaveOptions{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

// Two processes running check --all over the same profiles while a third
// saves every profile and adds new ones:
// every check reports every profile ok, every save commits, and afterwards
// each profile has its secret, its note and a token that the server issued.
func TestTwoChecksWhileAThirdSaves(t *testing.T) {
	srv, err := fakeserver.Start(fakeserver.Config{Latency: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, _ := openTest(t, store.Options{})
	for i := range checkProfiles {
		p := sampleProfile(fmt.Sprintf("p%02d", i))
		p.Endpoint, p.ClientKey = srv.URL, fakeserver.DemoClientKey
		if err := s.Save(p, &store.Secrets{ClientSecret: fakeserver.DemoClientSecret}, store.SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	type proc struct {
		cmd         *exec.Cmd
		out, stderr strings.Builder
		err         error
	}
	procs := []*proc{{}, {}, {}}
	var wg sync.WaitGroup
	for i, p := range procs {
		mode := "check"
		if i == 2 {
			mode = "save"
		}
		p.cmd = exec.Command(os.Args[0], "-test.run=^$")
		p.cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperDir+"="+s.Dir())
		p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.stderr
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); p.err = p.cmd.Wait() }()
	}
	wg.Wait()
	for i, p := range procs {
		if p.err != nil {
			t.Fatalf("process %d: %v\n%s", i, p.err, p.stderr.String())
		}
	}
	checked := 0 // a check that lists after the third process added profiles checks those too
	for i, p := range procs[:2] {
		lines := strings.Split(strings.TrimSpace(p.out.String()), "\n")
		checked += len(lines)
		if len(lines) < checkProfiles {
			t.Errorf("check %d reported %d profiles, want at least %d", i, len(lines), checkProfiles)
		}
		for _, l := range lines {
			if !strings.HasSuffix(l, " ok") {
				t.Errorf("check %d: %s", i, l)
			}
		}
	}
	ps, err := s.List()
	if err != nil || len(ps) != checkProfiles+5 {
		t.Fatalf("after: %d profiles (%v), want %d", len(ps), err, checkProfiles+5)
	}
	for _, p := range ps {
		sec, err := s.Secrets(p.Name)
		if err != nil || sec.ClientSecret != fakeserver.DemoClientSecret {
			t.Errorf("%s: its client secret is gone (%v)", p.Name, err)
		}
		if strings.HasPrefix(p.Name, "p") && !strings.HasPrefix(p.Note, "saved by the third process") {
			t.Errorf("%s: the third process's save was lost (note %q)", p.Name, p.Note)
		}
		if strings.HasPrefix(p.Name, "p") && (sec.AccessToken == "" || p.Token == nil) {
			t.Errorf("%s: no cached token after two checks", p.Name)
		}
	}
	if got := srv.Server.IssueCount(); got != checked {
		t.Errorf("the server issued %d tokens, want %d (one per profile each check reported)", got, checked)
	}
}
