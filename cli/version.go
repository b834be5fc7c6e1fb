package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is authdeck's release, set at build time with
// -ldflags "-X main.version=v1.2.3"; empty means "take it from the build info".
var version = ""

// versionNumber is the release (e.g. "v1.2.3"), the module version recorded
// by `go install`, or "dev" for a source build.
func versionNumber() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// versionCommit is the VCS revision the binary was built from, shortened, or "".
func versionCommit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && dirty {
		rev += "-dirty"
	}
	return rev
}

// versionString is the one-line version: number, commit, Go and platform.
func versionString() string {
	s := versionNumber()
	if c := versionCommit(); c != "" {
		s += " (" + c + ")"
	}
	return fmt.Sprintf("%s %s %s/%s", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// newVersionCmd builds `authdeck version`.
func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print authdeck's version",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(a.stdout, "authdeck "+versionString())
			return err
		},
	}
}
