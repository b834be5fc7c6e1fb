package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
)

// Run runs the console until the user quits or ctx is done. opts are extra
// tea.ProgramOptions (input/output for tests, for example). A ctx
// cancellation is not an error.
func Run(ctx context.Context, d Deps, opts ...tea.ProgramOption) error {
	opts = append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)
	_, err := tea.NewProgram(New(d), opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
