package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary re-executes itself as a helper process when helperEnv is
// set; the helper's job is in helperEnv, its inputs in the env vars below.
const (
	helperEnv     = "AUTHDECK_STORE_TEST_HELPER"
	helperDir     = "AUTHDECK_STORE_TEST_DIR"
	helperName    = "AUTHDECK_STORE_TEST_NAME"
	helperURL     = "AUTHDECK_STORE_TEST_URL"
	helperBarrier = "AUTHDECK_STORE_TEST_BARRIER" // a file to wait for before starting
)

func TestMain(m *testing.M) {
	if job := os.Getenv(helperEnv); job != "" {
		os.Exit(runHelper(job))
	}
	code := m.Run()
	for _, d := range benchDirs { // the benchmarks' stores
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func runHelper(job string) int {
	if b := os.Getenv(helperBarrier); b != "" {
		for {
			if _, err := os.Stat(b); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	if job == "commit-kill" {
		if err := runCommitKill(os.Getenv(helperDir), os.Getenv(helperName)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	// A long lock timeout: these helpers test that nothing is lost, and
	// fifty of them under the race detector on two cores wait their turn
	// for more than the default 10 s.
	s, err := Open(Options{Dir: os.Getenv(helperDir), SecretStore: SecretFile, Warn: os.Stderr, LockTimeout: 3 * time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	name := os.Getenv(helperName)
	switch job {
	case "save":
		err = s.Save(sampleProfile(name), &Secrets{ClientSecret: "cs-" + name}, SaveOptions{})
	case "save-loop":
		for i := 0; err == nil; i++ {
			p := sampleProfile(name)
			p.Note = fmt.Sprint(i)
			err = s.Save(p, nil, SaveOptions{})
		}
	case "kill-mid-write":
		testHookMidWrite = func() {
			fmt.Println("mid-write")
			select {} // wait to be killed
		}
		p := sampleProfile(name)
		p.Note = "new"
		err = s.Save(p, nil, SaveOptions{})
	case "migrate-kill":
		step := os.Getenv(helperName)
		testHookMigrate = func(at string) {
			if at == step {
				fmt.Println("at " + at)
				select {} // wait to be killed
			}
		}
		if step == "midwrite" {
			testHookMidWrite = func() {
				fmt.Println("at midwrite")
				select {}
			}
		}
		_, err = s.List()
	case "fault":
		err = faultLoop(s)
	case "token-loop":
		err = runTokenLoop(s, name)
	case "secret-saves":
		err = runSecretSaves(s)
	default:
		err = fmt.Errorf("unknown helper job %q", job)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helper prepares a helper process for job on dir.
func helper(t *testing.T, job, dir, name string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+job, helperDir+"="+dir, helperName+"="+name)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

func TestConcurrentProcessesLoseNoProfile(t *testing.T) {
	s, _ := openTest(t, Options{})
	barrier := filepath.Join(t.TempDir(), "go")
	n := 50
	if testing.Short() {
		n = 20
	}
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range cmds {
		cmds[i] = helper(t, "save", s.Dir(), fmt.Sprintf("proc-%02d", i), helperBarrier+"="+barrier)
		outs[i] = new(strings.Builder)
		cmds[i].Stderr = outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(barrier, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v: %s", i, err, outs[i])
		}
	}
	ps, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != n {
		t.Fatalf("%d profiles after %d concurrent saves", len(ps), n)
	}
	for i, p := range ps {
		name := fmt.Sprintf("proc-%02d", i)
		if p.Name != name {
			t.Errorf("profile %d is %q, want %q", i, p.Name, name)
		}
		if sec, err := s.Secrets(name); err != nil || sec.ClientSecret != "cs-"+name {
			t.Errorf("secrets of %s: %+v %v", name, sec, err)
		}
	}
}

func TestKilledWriterLeavesOldFile(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range 200 { // a file big enough that a half write is obvious
		if i%50 == 0 || i == 199 {
			if err := s.Save(sampleProfile(fmt.Sprintf("p%03d", i)), nil, SaveOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := fileHash(t, s.Path())

	cmd := helper(t, "kill-mid-write", s.Dir(), "p000")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "mid-write\n" {
		cmd.Process.Kill()
		t.Fatalf("helper did not reach the middle of the write: %q %v", line, err)
	}
	cmd.Process.Kill() // SIGKILL on Unix
	cmd.Wait()

	matches, _ := filepath.Glob(filepath.Join(s.Dir(), tempPrefix+"*"))
	if len(matches) != 1 {
		t.Fatalf("expected the killed writer's partial temp file, found %v", matches)
	}
	if fileHash(t, s.Path()) != before {
		t.Fatal("profiles.json changed although the writer died before renaming")
	}
	p, err := s.Get("p000")
	if err != nil || p.Note == "new" {
		t.Fatalf("after the crash: %+v %v", p, err)
	}
	// The lock died with the process; the next writer proceeds and cleans up.
	if err := s.Save(sampleProfile("after"), nil, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if matches, _ := filepath.Glob(filepath.Join(s.Dir(), tempPrefix+"*")); len(matches) != 0 {
		t.Errorf("stray temp files left: %v", matches)
	}
}

func TestKilledAtRandomNeverLeavesPartialFile(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("p"), nil, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	for round := range 4 {
		cmd := helper(t, "save-loop", s.Dir(), "p")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.IntN(150)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		p, err := s.Get("p")
		if err != nil {
			t.Fatalf("round %d: the file does not read after a kill: %v", round, err)
		}
		_ = p
	}
}
