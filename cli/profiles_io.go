package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// maxImportSize bounds what `profiles import` reads.
const maxImportSize = 64 << 20

// newProfilesExportCmd builds `authdeck profiles export [--with-secrets]`.
func newProfilesExportCmd(a *app) *cobra.Command {
	var withSecrets bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Print every profile as JSON; secrets only with --with-secrets",
		Example: "  authdeck profiles export > profiles-backup.json\n" +
			"  authdeck profiles export --with-secrets | ssh other-host authdeck profiles import -",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			data, err := st.Export(withSecrets)
			if err != nil {
				return storeError(err)
			}
			if withSecrets {
				a.warnf("the export holds client secrets and tokens; keep it out of shared places")
			}
			// The one JSON escaping of every output: a note or device
			// info holding controls or bidi characters comes out as \u
			// escapes, which import decodes to the same strings.
			_, err = a.stdout.Write(terminalSafeJSON(data))
			return err
		},
	}
	cmd.Flags().BoolVar(&withSecrets, "with-secrets", false, "include client secrets and cached tokens")
	return cmd
}

// newProfilesImportCmd builds `authdeck profiles import FILE [--overwrite]`.
func newProfilesImportCmd(a *app) *cobra.Command {
	var overwrite bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Add the profiles of an export file (- reads stdin)",
		Long:  "Add the profiles of a `profiles export` file. A name that already exists is an error unless --overwrite.",
		Args:  exactArgs("FILE"),
		RunE: func(_ *cobra.Command, args []string) error {
			data, err := a.readImport(args[0])
			if err != nil {
				return err
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			names, err := st.Import(data, overwrite)
			if err != nil {
				return importError(st, args[0], err)
			}
			if len(names) == 0 {
				_, err = fmt.Fprintln(a.stdout, "imported no profiles: the file holds none")
				return err
			}
			if _, err = fmt.Fprintf(a.stdout, "imported %d profile(s): %s\n", len(names), nameSummary(names, 10)); err != nil {
				return err
			}
			a.warnNoSecret(st, names)
			return nil
		},
	}
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "replace profiles whose names already exist")
	return cmd
}

// warnNoSecret says how many of the imported profiles have no client
// secret (an export made without --with-secrets), so their first token
// request does not come as a surprise.
func (a *app) warnNoSecret(st *store.Store, names []string) {
	var missing []string
	for _, n := range names {
		if sec, err := st.Secrets(n); err == nil && sec.ClientSecret == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	a.warnf("%d of the %d imported profile(s) have no client secret (the export was made without --with-secrets): %s; "+
		"add each with `authdeck profiles save NAME --client-secret-stdin`", len(missing), len(names), nameSummary(missing, 10))
}

// readImport reads an import file, or stdin for "-".
func (a *app) readImport(name string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if a.stdin == nil {
			return nil, badInput(errors.New("import -: stdin is not available"))
		}
		r = a.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, badInput(fmt.Errorf("import: %w", err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxImportSize+1))
	if err != nil {
		return nil, badInput(fmt.Errorf("import: reading %s: %w", name, err))
	}
	if len(data) > maxImportSize {
		return nil, badInput(fmt.Errorf("import: %s is larger than %d MiB", name, maxImportSize>>20))
	}
	return data, nil
}

// importError classifies an Import failure: a problem with the file being
// imported, or a name clash, is bad input; a problem with the store itself
// (its own file broken, a lock timeout) is a failure.
func importError(st *store.Store, file string, err error) error {
	var ie *store.ImportError
	var ce *store.CorruptError
	if errors.As(err, &ie) || (errors.As(err, &ce) && ce.Path != st.Path()) {
		return badInput(fmt.Errorf("import %s: %w", file, err))
	}
	var xe *store.ExistsError
	if errors.As(err, &xe) {
		them := "it"
		if len(xe.Names) > 1 {
			them = "them"
		}
		return badInput(fmt.Errorf("import %s: %w; pass --overwrite to replace %s", file, err, them))
	}
	if errors.Is(err, store.ErrExists) {
		return badInput(fmt.Errorf("%w; pass --overwrite to replace it", err))
	}
	return storeError(err)
}

// newProfilesRepairCmd builds `authdeck profiles repair`.
func newProfilesRepairCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "repair",
		Short: "Move a broken profiles file aside and start empty",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			report, err := st.RepairReport()
			// What was moved is said also when state.db was left alone.
			for _, m := range report.Moved {
				var line string
				if m.Profiles > 0 {
					line = fmt.Sprintf("%s\nmoved %d unreadable profile(s) aside to %s; kept the other %d\n", m.Reason(), m.Profiles, m.To, report.Kept)
				} else {
					line = fmt.Sprintf("%s\nmoved the broken file aside to %s\n", m.Reason(), m.To)
				}
				if _, werr := fmt.Fprint(a.stdout, sanitize.Text(line)); werr != nil {
					return werr
				}
			}
			if err != nil {
				var se *store.StateError
				if errors.As(err, &se) && se.Problem == store.StateBusy {
					return fmt.Errorf("%w; nothing was moved", err)
				}
				if errors.As(err, &se) && se.Problem == store.StateNewer {
					return fmt.Errorf("%w; it was left where it is", err)
				}
				return storeError(err)
			}
			if len(report.Moved) == 0 {
				_, err = fmt.Fprintf(a.stdout, "nothing to repair: %s reads fine\n", st.Path())
				return err
			}
			if report.Kept == 0 && report.Moved[0].From == st.Path() {
				_, err = fmt.Fprintln(a.stdout, "starting with an empty store; copy what you need back by hand")
			}
			return err
		},
	}
}

// nameSummary joins up to limit names and counts the rest, so that importing
// thousands of profiles prints one readable line.
func nameSummary(names []string, limit int) string {
	if len(names) <= limit {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:limit], ", "), len(names)-limit)
}
