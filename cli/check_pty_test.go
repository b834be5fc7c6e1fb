package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// runOnPty runs authdeck in-process with stdout on a pseudo-terminal of
// cols columns and returns the exit code and what the terminal received,
// with the line discipline's "\r\n" turned back into "\n".
func runOnPty(t *testing.T, c *cli, cols int, args ...string) (int, string, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pseudo-terminal on this machine: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: 24}); err != nil {
		t.Fatal(err)
	}
	var screen bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(&screen, ptmx) // ends with EIO once tty is closed
	}()
	var stderr syncBuffer
	code := Run(context.Background(), args, strings.NewReader(""), tty, &stderr, c.getenv)
	tty.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output did not end")
	}
	return code, strings.ReplaceAll(screen.String(), "\r\n", "\n"), stderr.String()
}

// TestCheckLiveTableOnANarrowTerminal runs `check --all` on a real
// pseudo-terminal at widths from 1 column up, with a rate-limited profile
// whose result label (29+ characters) once made the live table panic: it
// exits 1 (failures reported), and no line or redraw of the bar is wider
// than the terminal.
func TestCheckLiveTableOnANarrowTerminal(t *testing.T) {
	clients, specs, limited := mixedSpecs(t, 4)
	for i := range specs {
		specs[i].name = strings.Repeat("p", 1+i*9) + specs[i].name // names of several lengths
	}
	f := newCheckFixture(t, clients, specs, fakeserver.Config{})
	for _, k := range limited {
		f.srv.Server.LimitClient(k, -1, time.Minute)
	}
	widths := []int{1, 2, 3, 5, 8, 13, 20, 29, 40, 60, 80, 120}
	for _, cols := range widths {
		code, screen, stderr := runOnPty(t, f.c, cols, "check", "--all", "--fresh")
		if code != exitFailed {
			t.Fatalf("at %d columns: exit %d, want %d\n%s\n%s", cols, code, exitFailed, screen, stderr)
		}
		assertTerminalSafe(t, fmt.Sprintf("pty at %d", cols), strings.NewReplacer("\r\x1b[K", "\n", "\r", "\n").Replace(screen))
		// The table and the bar fit; the summary under them is a sentence the
		// terminal may wrap.
		segs := strings.FieldsFunc(strings.ReplaceAll(screen, "\x1b[K", ""), func(r rune) bool { return r == '\n' || r == '\r' })
		if len(segs) < 6 || !strings.HasSuffix(screen, "1 of 4 passed, 3 failed\n") {
			t.Fatalf("at %d columns: want a header, 4 rows, bars and the summary:\n%q", cols, screen)
		}
		for _, seg := range segs[:len(segs)-1] {
			if w := cellWidth(seg); w > cols {
				t.Fatalf("at %d columns a line is %d cells: %q\nscreen:\n%q", cols, w, seg, screen)
			}
		}
		if cols >= 120 {
			for _, want := range []string{"429 rate limited (retry in 1m)", "this clientKey", "] 4/4  3 failed", "1 of 4 passed, 3 failed", "DETAIL"} {
				if !strings.Contains(screen, want) {
					t.Errorf("at %d columns the screen lacks %q:\n%s", cols, want, screen)
				}
			}
		}
	}
	t.Logf("ran at %d widths", len(widths))
}

// TestCheckLiveEveryLabelOnAPty feeds every result label the check code
// can produce (everyCheckResult) to the live table writing to a real
// pseudo-terminal, whose width it reads itself (terminalWidth): at each
// width no row or bar is wider than the terminal.
func TestCheckLiveEveryLabelOnAPty(t *testing.T) {
	results := everyCheckResult()
	names := make([]string, len(results))
	for i, r := range results {
		names[i] = r.Profile
	}
	widths := []int{1, 4, 17, 33, 80, 200}
	for _, cols := range widths {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatalf("no pseudo-terminal on this machine: %v", err)
		}
		if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: 24}); err != nil {
			t.Fatal(err)
		}
		var screen bytes.Buffer
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = io.Copy(&screen, ptmx)
		}()
		if got := terminalWidth(tty); got != cols {
			t.Fatalf("terminalWidth = %d on a %d-column pty", got, cols)
		}
		l := newCheckLive(tty, names, terminalWidth(tty))
		for _, r := range results {
			l.add(r)
		}
		l.finish()
		tty.Close()
		<-done
		ptmx.Close()
		text := strings.ReplaceAll(screen.String(), "\r\n", "\n")
		rows := 0
		for _, seg := range strings.FieldsFunc(strings.ReplaceAll(text, "\x1b[K", ""), func(r rune) bool { return r == '\n' || r == '\r' }) {
			if w := cellWidth(seg); w > cols {
				t.Fatalf("at %d columns a line is %d cells: %q", cols, w, seg)
			}
			rows++
		}
		if rows < len(results) {
			t.Fatalf("at %d columns %d lines for %d results", cols, rows, len(results))
		}
	}
	t.Logf("%d results at %d widths", len(results), len(widths))
}
