package tokens

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// The test binary re-executes itself as a helper process when helperEnv is
// set: the helper gets the token of profile helperName in the store in
// helperDir from helperURL and prints it.
const (
	helperEnv     = "AUTHDECK_TOKENS_TEST_HELPER"
	helperDir     = "AUTHDECK_TOKENS_TEST_DIR"
	helperName    = "AUTHDECK_TOKENS_TEST_NAME"
	helperURL     = "AUTHDECK_TOKENS_TEST_URL"
	helperBarrier = "AUTHDECK_TOKENS_TEST_BARRIER" // a file to wait for before starting
)

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "check":
		os.Exit(runCheckHelper())
	case "save":
		os.Exit(runSaveHelper())
	case "":
	default:
		os.Exit(runHelper())
	}
	os.Exit(m.Run())
}

func runHelper() int {
	if b := os.Getenv(helperBarrier); b != "" {
		for {
			if _, err := os.Stat(b); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	st, err := store.Open(store.Options{Dir: os.Getenv(helperDir), SecretStore: store.SecretFile, Warn: os.Stderr, LockTimeout: 3 * time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	out, err := New(st).Token(context.Background(), os.Getenv(helperName), TokenOptions{}, tokenclient.New(tokenclient.Options{BaseURL: os.Getenv(helperURL)}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(out.Response.AccessToken)
	return 0
}

// helper prepares a helper process for the store in dir and profile name.
func helper(t *testing.T, dir, name string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=token", helperDir+"="+dir, helperName+"="+name)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

func TestTwoProcessesAskingForATokenMakeOneRequest(t *testing.T) {
	srv, err := fakeserver.Start(fakeserver.Config{Latency: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, _ := openTest(t, store.Options{})
	p := sampleProfile("tv")
	p.Endpoint = srv.URL
	p.ClientKey = fakeserver.DemoClientKey
	if err := s.Save(p, &store.Secrets{ClientSecret: fakeserver.DemoClientSecret}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}

	barrier := filepath.Join(t.TempDir(), "go")
	var wg sync.WaitGroup
	tokens := make([]string, 2)
	errs := make([]error, 2)
	cmds := make([]*exec.Cmd, 2)
	for i := range cmds {
		cmds[i] = helper(t, s.Dir(), "tv", helperURL+"="+srv.URL, helperBarrier+"="+barrier)
		var out, stderr strings.Builder
		cmds[i].Stdout, cmds[i].Stderr = &out, &stderr
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := cmds[i].Wait(); err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, stderr.String())
			}
			tokens[i] = strings.TrimSpace(out.String())
		}()
	}
	os.WriteFile(barrier, nil, 0o600)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
	}
	if got := srv.Server.IssueCount(); got != 1 {
		t.Errorf("the server issued %d tokens, want 1", got)
	}
	if got := srv.Server.RequestCount(); got != 1 {
		t.Errorf("the server got %d requests, want 1", got)
	}
	if tokens[0] == "" || tokens[0] != tokens[1] {
		t.Errorf("the processes got different tokens (lengths %d and %d)", len(tokens[0]), len(tokens[1]))
	}
	if h := histOf(t, s, "tv"); len(h) != 1 || h[0].Status != 200 {
		t.Errorf("history: %+v", h)
	}
}
