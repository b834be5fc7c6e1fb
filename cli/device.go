package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// newDeviceCmd builds `authdeck device` and its encode and decode subcommands.
func newDeviceCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "device",
		Short: "Show the device info and network type detected on this machine",
		Long: "Show the device info a token request from this machine carries: each detected value and where it\n" +
			"came from, the base64 deviceInfo, and the network type of the default route.",
		Example: "  authdeck device --output json\n" +
			"  authdeck device encode '{\"model\":\"desktop\",\"version\":\"Chrome\",\"osName\":\"Windows\",\"osVersion\":\"10\"}'\n" +
			"  authdeck device decode eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0=",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if output != "text" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of text, json", output))
			}
			d := device.Detect()
			if output == "json" {
				return writeDeviceJSON(a.stdout, d)
			}
			return writeDeviceText(a.stdout, d)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	cmd.AddCommand(newDeviceEncodeCmd(a), newDeviceDecodeCmd(a))
	return cmd
}

// deviceJSON is the `device --output json` document.
type deviceJSON struct {
	Model       string             `json:"model"`
	Version     string             `json:"version"`
	OSName      string             `json:"osName"`
	OSVersion   string             `json:"osVersion"`
	DeviceInfo  string             `json:"deviceInfo"`
	NetworkType device.NetworkType `json:"networkType"`
	Sources     deviceSourcesJSON  `json:"sources"`
}

// deviceSourcesJSON says where each detected value came from.
type deviceSourcesJSON struct {
	Model       string `json:"model"`
	Version     string `json:"version"`
	OSName      string `json:"osName"`
	OSVersion   string `json:"osVersion"`
	NetworkType string `json:"networkType"`
}

// writeDeviceJSON prints a detection as indented JSON.
func writeDeviceJSON(w io.Writer, d device.Detection) error {
	doc := deviceJSON{
		Model: d.Info.Model, Version: d.Info.Version, OSName: d.Info.OSName, OSVersion: d.Info.OSVersion,
		DeviceInfo:  device.Encode(d.Info),
		NetworkType: d.Network,
		Sources: deviceSourcesJSON{
			Model: d.Sources.Model, Version: d.Sources.Version, OSName: d.Sources.OSName,
			OSVersion: d.Sources.OSVersion, NetworkType: d.NetworkSource,
		},
	}
	return writeJSON(w, doc)
}

// writeDeviceText prints a detection as an aligned table of value and
// source. The values come from files (/etc/os-release, the registry) and
// are sanitised like every table cell.
func writeDeviceText(w io.Writer, d device.Detection) error {
	t := newBareTable(3)
	row := func(k, v, src string) {
		if src != "" {
			src = "(" + src + ")"
		}
		t.row(k, v, src)
	}
	row("model", d.Info.Model, d.Sources.Model)
	row("version", d.Info.Version, d.Sources.Version)
	row("osName", d.Info.OSName, d.Sources.OSName)
	row("osVersion", d.Info.OSVersion, d.Sources.OSVersion)
	row("networkType", string(d.Network), d.NetworkSource)
	row("deviceInfo", device.Encode(d.Info), "")
	return t.write(w)
}

// newDeviceEncodeCmd builds `authdeck device encode JSON`.
func newDeviceEncodeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "encode JSON",
		Short: "Print the base64 deviceInfo of a device info JSON object, keys in the order given (- reads stdin)",
		Args:  exactArgs("JSON"),
		RunE: func(_ *cobra.Command, args []string) error {
			text, err := argOrStdin(a, args[0])
			if err != nil {
				return err
			}
			// The keys keep the order given: a client's JSON gives the
			// client's base64.
			enc, err := device.EncodeJSON([]byte(text))
			if err != nil {
				return badInput(fmt.Errorf("device encode: %w", err))
			}
			_, err = fmt.Fprintln(a.stdout, enc)
			return err
		},
	}
}

// newDeviceDecodeCmd builds `authdeck device decode BASE64`.
func newDeviceDecodeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "decode BASE64",
		Short: "Print the compact JSON inside a base64 deviceInfo (- reads stdin)",
		Args:  exactArgs("BASE64"),
		RunE: func(_ *cobra.Command, args []string) error {
			text, err := argOrStdin(a, args[0])
			if err != nil {
				return err
			}
			raw, err := device.DecodeJSON(text)
			if err != nil {
				return badInput(fmt.Errorf("device decode: %w", err))
			}
			// The values are whatever the base64 held, in its key order:
			// escaped like every JSON the CLI prints.
			_, err = fmt.Fprintf(a.stdout, "%s\n", terminalSafeJSON(raw))
			return err
		},
	}
}

// argOrStdin returns arg, or all of stdin when arg is "-".
func argOrStdin(a *app, arg string) (string, error) {
	if arg != "-" {
		return arg, nil
	}
	if a.stdin == nil {
		return "", badInput(fmt.Errorf("stdin is not available"))
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, 1<<20))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}
