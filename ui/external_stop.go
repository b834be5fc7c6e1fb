package ui

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// externalStopGrace is how long a pager or editor has to exit after it is
// asked to stop, before it is killed.
const externalStopGrace = 2 * time.Second

// stopProcess asks p to end: SIGTERM where there are signals (a pager
// restores the terminal on it), a kill on Windows.
func stopProcess(p *os.Process) error {
	if runtime.GOOS == "windows" {
		return p.Kill()
	}
	return p.Signal(syscall.SIGTERM)
}
