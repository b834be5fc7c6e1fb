package ui

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

// Run runs the console until the user quits or ctx is done. opts are extra
// tea.ProgramOptions (input/output for tests, for example). A ctx
// cancellation is not an error.
//
// The files the pager and editor keys write (a token's claims, a raw
// response) go into a private directory that Run removes when it returns,
// whatever ended the console; a pager still open when ctx is done is
// stopped, so that Run does return.
func Run(ctx context.Context, d Deps, opts ...tea.ProgramOption) error {
	dir, err := os.MkdirTemp("", "authdeck-console-")
	if err != nil {
		return fmt.Errorf("creating a private temp directory for the pager and editor: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	m := New(d)
	m.tempDir, m.runCtx = dir, ctx
	opts = append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)
	_, err = tea.NewProgram(m, opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
