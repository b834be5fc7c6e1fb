package store

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// fileKeyring is a fake OS keyring kept in a directory (one file per item,
// replaced by rename), so it survives a killed process like the real one.
// Each Set and Delete is a step of testHookStep.
type fileKeyring struct {
	dir string
	mu  sync.Mutex
}

func (k *fileKeyring) path(service, user string) string {
	return filepath.Join(k.dir, hex.EncodeToString([]byte(service+"\x00"+user)))
}

func (k *fileKeyring) Get(service, user string) (string, error) {
	b, err := os.ReadFile(k.path(service, user))
	if errors.Is(err, os.ErrNotExist) {
		return "", keyring.ErrNotFound
	}
	return string(b), err
}

func (k *fileKeyring) Set(service, user, pw string) error {
	if err := stepHook("keyring-set"); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	tmp := k.path(service, user) + ".tmp"
	if err := os.WriteFile(tmp, []byte(pw), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, k.path(service, user))
}

func (k *fileKeyring) Delete(service, user string) error {
	if _, err := os.Stat(k.path(service, user)); errors.Is(err, os.ErrNotExist) {
		return keyring.ErrNotFound
	}
	if err := stepHook("keyring-delete"); err != nil {
		return err
	}
	return os.Remove(k.path(service, user))
}

// services lists the services that hold at least one item.
func (k *fileKeyring) services(t *testing.T) []string {
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := hex.DecodeString(e.Name())
		if err != nil {
			continue
		}
		service, _, _ := strings.Cut(string(b), "\x00")
		if !slices.Contains(out, service) {
			out = append(out, service)
		}
	}
	return out
}

// commitCases are the writes the fault tests interrupt, each on the store
// commitSetup makes.
var commitCases = map[string]func(s *Store) error{
	"save-new-secret": func(s *Store) error {
		p := sampleProfile("a")
		p.Note = "changed"
		return s.Save(p, &Secrets{ClientSecret: "cs-a2", UIDSignature: "sig-a2"}, SaveOptions{})
	},
	"save-note": func(s *Store) error {
		p := sampleProfile("a")
		p.Note = "changed"
		return s.Save(p, nil, SaveOptions{})
	},
	"create": func(s *Store) error {
		return s.Save(sampleProfile("c"), &Secrets{ClientSecret: "cs-c"}, SaveOptions{})
	},
	"delete": func(s *Store) error { return s.Delete("a") },
	"rename": func(s *Store) error { return s.Rename("a", "c") },
	"token":  func(s *Store) error { return saveTokenOnce(s, "a", 7) },
	"import-overwrite": func(s *Store) error {
		p := sampleProfile("a")
		p.Note = "imported"
		data, err := encodeProfiles([]Profile{p}, []*Secrets{{ClientSecret: "cs-a3"}})
		if err == nil {
			_, err = s.Import(data, true)
		}
		return err
	},
}

// commitSetup saves a (with tokens) and b.
func commitSetup(s *Store) error {
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "cs-a", AccessToken: "at-a", RefreshToken: "rt-a"}, SaveOptions{}); err != nil {
		return err
	}
	return s.Save(sampleProfile("b"), &Secrets{ClientSecret: "cs-b"}, SaveOptions{})
}

// openCommitStore opens a test store in dir with the backend's secret
// store; for "keyring", secrets go to a fileKeyring in dir/keyring.
func openCommitStore(t testing.TB, dir, backend string) (*Store, *fileKeyring) {
	s, kr, err := openCommitStoreErr(dir, backend)
	if err != nil {
		t.Fatal(err)
	}
	return s, kr
}

func openCommitStoreErr(dir, backend string) (*Store, *fileKeyring, error) {
	opts := Options{Dir: filepath.Join(dir, "authdeck"), SecretStore: SecretFile, Warn: io.Discard}
	var kr *fileKeyring
	if backend == "keyring" {
		opts.SecretStore = SecretKeyring
		kr = &fileKeyring{dir: filepath.Join(dir, "keyring")}
		if err := os.MkdirAll(kr.dir, 0o700); err != nil {
			return nil, nil, err
		}
	}
	s, err := Open(opts)
	if err != nil {
		return nil, nil, err
	}
	if kr != nil {
		s.kr = kr
	}
	setClock(s, fixedNow)
	return s, kr, nil
}

// setClock gives s a clock that starts at start and ticks a second a call,
// so two runs of the same writes store the same times.
func setClock(s *Store, start time.Time) {
	var mu sync.Mutex
	s.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		start = start.Add(time.Second)
		return start
	}
}

// opClock is the clock every case runs on, after commitSetup.
var opClock = fixedNow.Add(time.Hour)

// storeState renders every profile (configuration) with its secrets.
func storeState(t testing.TB, s *Store) string {
	t.Helper()
	ps, err := s.List()
	if err != nil {
		t.Fatalf("store unreadable: %v", err)
	}
	var b strings.Builder
	for _, p := range ps {
		sec, err := s.Secrets(p.Name)
		if err != nil {
			t.Fatalf("secrets of %s unreadable: %v", p.Name, err)
		}
		p = p.config()
		j, _ := json.Marshal(struct {
			P Profile
			S Secrets
		}{p, sec})
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// assertNoOrphans checks that every secret kept (secrets.json entries,
// token files, keyring services) belongs to a profile in profiles.json and
// that no pending.json is left.
func assertNoOrphans(t *testing.T, s *Store, kr *fileKeyring) {
	t.Helper()
	live := map[string]bool{}
	if err := s.read(func(ps []Profile) error {
		for i := range ps {
			live[ps[i].ref()] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	m, err := s.loadSecretsFile()
	if err != nil {
		t.Fatal(err)
	}
	for ref := range m {
		if !live[ref] {
			t.Errorf("secrets.json keeps %s, which no profile points at", ref)
		}
	}
	files, _ := os.ReadDir(filepath.Join(s.Dir(), tokensDir))
	for _, f := range files {
		if ref := strings.TrimSuffix(f.Name(), ".json"); !live[ref] {
			t.Errorf("token file %s belongs to no profile", f.Name())
		}
	}
	if kr != nil {
		for _, svc := range kr.services(t) {
			if !live[strings.TrimPrefix(svc, "authdeck:")] {
				t.Errorf("keyring service %s belongs to no profile", svc)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), journalFile)); err == nil {
		t.Errorf("%s left behind", journalFile)
	}
}

// countSteps runs the case once, counting the steps testHookStep sees, and
// returns the count and the state after it.
func countSteps(t *testing.T, backend, name string) (steps []string, oldState, newState string) {
	s, _ := openCommitStore(t, t.TempDir(), backend)
	if err := commitSetup(s); err != nil {
		t.Fatal(err)
	}
	oldState = storeState(t, s)
	setClock(s, opClock)
	testHookStep = func(step string) error { steps = append(steps, step); return nil }
	err := commitCases[name](s)
	testHookStep = nil
	if err != nil {
		t.Fatal(err)
	}
	return steps, oldState, storeState(t, s)
}

// TestWriteFailingAtEveryStep fails each write of commitCases at each of
// its steps (an injected ENOSPC, as on a full disk) on the file and the
// keyring backend: the store then holds exactly the old or the new
// profiles with their secrets, and the next write leaves no secret that
// nothing points at.
func TestWriteFailingAtEveryStep(t *testing.T) {
	runs := 0
	for _, backend := range []string{"file", "keyring"} {
		for name := range commitCases {
			steps, oldState, newState := countSteps(t, backend, name)
			if len(steps) == 0 {
				t.Fatalf("%s/%s: no steps", backend, name)
			}
			for k := range steps {
				s, kr := openCommitStore(t, t.TempDir(), backend)
				if err := commitSetup(s); err != nil {
					t.Fatal(err)
				}
				setClock(s, opClock)
				n := 0
				testHookStep = func(string) error {
					n++
					if n == k+1 {
						return syscall.ENOSPC
					}
					return nil
				}
				err := commitCases[name](s)
				testHookStep = nil
				got := storeState(t, s)
				switch {
				case got == oldState:
					if err == nil {
						t.Errorf("%s/%s failing at %s: old state but no error", backend, name, steps[k])
					}
				case got == newState:
					if err != nil {
						t.Errorf("%s/%s failing at %s: committed but reported %v", backend, name, steps[k], err)
					}
				default:
					t.Errorf("%s/%s failing at step %d (%s): a mix of old and new:\n%s\nold:\n%s\nnew:\n%s", backend, name, k, steps[k], got, oldState, newState)
				}
				// The next write finishes the interrupted one.
				if err := s.Save(sampleProfile("z"), &Secrets{ClientSecret: "cs-z"}, SaveOptions{}); err != nil {
					t.Fatal(err)
				}
				if err := s.Delete("z"); err != nil {
					t.Fatal(err)
				}
				if again := storeState(t, s); again != got {
					t.Errorf("%s/%s at %s: the next write changed the state", backend, name, steps[k])
				}
				assertNoOrphans(t, s, kr)
				runs++
			}
		}
	}
	if runs < 60 {
		t.Errorf("only %d injected failures ran", runs)
	}
	t.Logf("%d injected failures, each left the old or the new state", runs)
}

// TestWriteKilledAtEveryStep kills a helper process at each step of each
// write of commitCases (it blocks at the step and the test sends SIGKILL),
// on the file and the keyring backend, then compares with the old and the
// new state.
func TestWriteKilledAtEveryStep(t *testing.T) {
	backends := []string{"file", "keyring"}
	runs := 0
	for _, backend := range backends {
		for name := range commitCases {
			steps, oldState, newState := countSteps(t, backend, name)
			for k := range steps {
				if testing.Short() && k%3 != 0 {
					continue
				}
				dir := t.TempDir()
				s, _ := openCommitStore(t, dir, backend)
				if err := commitSetup(s); err != nil {
					t.Fatal(err)
				}
				cmd := helper(t, "commit-kill", dir, name, "AUTHDECK_STORE_TEST_BACKEND="+backend, fmt.Sprintf("AUTHDECK_STORE_TEST_STEP=%d", k+1))
				out, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				line, _ := bufio.NewReader(out).ReadString('\n')
				if !strings.HasPrefix(line, "at ") {
					cmd.Wait()
					t.Fatalf("%s/%s step %d: helper said %q: %s", backend, name, k, line, stderr.String())
				}
				cmd.Process.Kill()
				var ee *exec.ExitError
				if err := cmd.Wait(); !errors.As(err, &ee) || ee.ExitCode() != -1 {
					t.Fatalf("helper did not die by the kill: %v", err)
				}
				s, kr := openCommitStore(t, dir, backend)
				got := storeState(t, s)
				if got != oldState && got != newState {
					t.Errorf("%s/%s killed at step %d (%s): a mix of old and new:\n%s\nold:\n%s\nnew:\n%s", backend, name, k, line, got, oldState, newState)
				}
				if err := s.Save(sampleProfile("z"), nil, SaveOptions{}); err != nil {
					t.Fatal(err)
				}
				if err := s.Delete("z"); err != nil {
					t.Fatal(err)
				}
				assertNoOrphans(t, s, kr)
				runs++
			}
		}
	}
	if runs < 20 {
		t.Errorf("only %d kills ran", runs)
	}
	t.Logf("%d kills, each left the old or the new state", runs)
}

// runCommitKill is the helper's job for TestWriteKilledAtEveryStep: run
// the case and block at the given step until killed.
func runCommitKill(dir, name string) error {
	var step int
	fmt.Sscan(os.Getenv("AUTHDECK_STORE_TEST_STEP"), &step)
	s, _, err := openCommitStoreErr(dir, os.Getenv("AUTHDECK_STORE_TEST_BACKEND"))
	if err != nil {
		return err
	}
	setClock(s, opClock)
	n := 0
	testHookStep = func(at string) error {
		n++
		if n == step {
			fmt.Println("at " + at)
			select {} // wait to be killed
		}
		return nil
	}
	if err := commitCases[name](s); err != nil {
		return err
	}
	fmt.Println("done")
	return nil
}
