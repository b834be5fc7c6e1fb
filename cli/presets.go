package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
)

// applyClientPreset makes req send as the client preset called name sends
// call (tokenclient.ClientPreset.Apply); "" leaves req alone. An unknown
// name is a usage error listing the presets. token, refresh, profiles save
// and activate call it before their other flags, which override it.
func applyClientPreset(name string, req *tokenclient.TokenRequest, call tokenclient.Call) error {
	if name == "" {
		return nil
	}
	p, ok := tokenclient.ClientPresetByName(name)
	if !ok {
		return usageError(fmt.Errorf("--preset %q is not a known client; use one of %s (authdeck presets lists them with their sources)",
			name, strings.Join(tokenclient.ClientPresetNames(), ", ")))
	}
	if call == "" {
		call = tokenclient.CallIssue
	}
	p.Apply(req, call)
	return nil
}

// newPresetsCmd builds `authdeck presets`.
func newPresetsCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "presets",
		Short: "List the public clients --preset reproduces, with where each was read",
		Long: "List the public clients --preset reproduces: each one's device info and network type, and for the\n" +
			"issue and the refresh its User-Agent, headers, extra body fields, encoding and field order, with the\n" +
			"repository and file it was read in.",
		Example: "  authdeck presets\n" +
			"  authdeck token -p prod --preset web-windows --dry-run",
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			ps := tokenclient.ClientPresets()
			switch output {
			case "json":
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ps)
			case "text":
				return writePresets(a.stdout, ps)
			}
			return usageError(fmt.Errorf("--output %q is not one of text, json", output))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json"))
	return cmd
}

// writePresets prints each preset: its description, device, and the two
// calls with their sources.
func writePresets(w io.Writer, ps []tokenclient.ClientPreset) error {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s  %s\n", p.Name, p.Description)
		if p.Device.Name != p.Name {
			fmt.Fprintf(&b, "  device   (the %s preset's) %s · networkType %s\n", p.Device.Name, p.Device.JSON, p.Device.Network)
		} else {
			fmt.Fprintf(&b, "  device   %s · networkType %s\n", p.Device.JSON, p.Device.Network)
		}
		fmt.Fprintf(&b, "           %s\n", p.Device.Source)
		for _, c := range []struct {
			call tokenclient.Call
			s    tokenclient.CallShape
		}{{tokenclient.CallIssue, p.Issue}, {tokenclient.CallRefresh, p.Refresh}} {
			fmt.Fprintf(&b, "  %-8s %s\n", c.call, callSummary(c.s, c.call))
			for _, h := range c.s.Headers {
				fmt.Fprintf(&b, "           %s: %s\n", h.Name, h.Value)
			}
			fmt.Fprintf(&b, "           %s\n", c.s.Source)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// callSummary is one line about a call's shape: encoding, User-Agent,
// extra fields and field order.
func callSummary(s tokenclient.CallShape, call tokenclient.Call) string {
	enc := "JSON"
	switch {
	case s.Encoding == tokenclient.EncodingForm:
		enc = "form"
	case s.JSONStyle == tokenclient.JSONPython:
		enc = "JSON (Python spacing)"
	}
	ua := s.UserAgent
	if ua == "" {
		ua = "authdeck's"
	}
	parts := []string{enc, "User-Agent " + ua}
	for _, f := range s.Fields {
		parts = append(parts, f.Name+"="+tokenclient.FormValue(f.Value))
	}
	parts = append(parts, "order "+orderText(s.Order, call))
	return strings.Join(parts, " · ")
}

// orderText names a field order, "" being authdeck's default.
func orderText(order []string, call tokenclient.Call) string {
	if len(order) == 0 {
		return "authdeck's default for the " + string(call)
	}
	return strings.Join(order, ",")
}
