package cli

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// maxSecretInput bounds what --client-secret-stdin reads.
const maxSecretInput = 64 << 10

// requestFlags are the request fields token, refresh and profiles save take
// from the command line.
type requestFlags struct {
	endpoint     string
	clientKey    string
	clientSecret string
	secretStdin  bool
	deviceID     string
	deviceInfo   string
	networkType  string
	preset       string
	// call is the call --preset shapes: the issue, or the refresh for
	// `authdeck refresh`.
	call  tokenclient.Call
	shape shapeFlags
}

// register adds the request flags to fs.
func (f *requestFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.endpoint, "endpoint", "", "identity service base URL (default $"+envEndpoint+" or "+tokenclient.DefaultBaseURL+")")
	fs.StringVar(&f.clientKey, "client-key", "", "client key")
	fs.BoolVar(&f.secretStdin, "client-secret-stdin", false, "read the client secret from stdin (or set $"+envClientSecret+")")
	fs.StringVar(&f.clientSecret, "client-secret", "", "client secret (shows in the process list; prefer --client-secret-stdin)")
	fs.StringVar(&f.deviceID, "device-id", "", "device UUID (default: a new one)")
	fs.StringVar(&f.deviceInfo, "device-info", "", "base64 device info (default: detected; see authdeck device)")
	fs.StringVar(&f.networkType, "network-type", "", "network type: other, wifi, cellular or ethernet (default: detected)")
	fs.StringVar(&f.preset, "preset", "", "send as this public client does: its device info, headers, extra fields, encoding and field order (see authdeck presets); other flags override it")
	f.shape.register(fs)
}

// registerCompletion completes the values of the request flags that have a
// fixed set.
func (f *requestFlags) registerCompletion(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("network-type", completeValues(networkTypeNames()...))
	_ = cmd.RegisterFlagCompletionFunc("preset", completeValues(tokenclient.ClientPresetNames()...))
}

// requestInput is a request being put together: where it goes and what it
// carries. Profiles, flags, the environment and detection fill it in layers.
type requestInput struct {
	endpoint string
	req      tokenclient.TokenRequest
}

// overlay replaces the fields of in whose flags were given on the command
// line, so flags win over a profile's values. It reads the secret from stdin
// when asked, and warns about --client-secret.
func (f *requestFlags) overlay(a *app, fs *pflag.FlagSet, in *requestInput) error {
	if fs.Changed("client-secret") && f.secretStdin {
		return usageError(errors.New("--client-secret and --client-secret-stdin both give the secret; use only --client-secret-stdin"))
	}
	// The preset goes first, so the other flags override it.
	if err := applyClientPreset(f.preset, &in.req, f.call); err != nil {
		return err
	}
	if fs.Changed("endpoint") {
		in.endpoint = f.endpoint
	}
	if fs.Changed("client-key") {
		in.req.ClientKey = f.clientKey
	}
	if fs.Changed("client-secret") {
		a.warnf("warning: --client-secret shows the secret in the process list; use --client-secret-stdin or $%s", envClientSecret)
		in.req.ClientSecret = f.clientSecret
	}
	if f.secretStdin {
		s, err := readStdinValue(a.stdin, "--client-secret-stdin")
		if err != nil {
			return err
		}
		in.req.ClientSecret = s
	}
	if fs.Changed("device-id") {
		in.req.DeviceID = f.deviceID
	}
	if fs.Changed("device-info") {
		in.req.DeviceInfo = f.deviceInfo
	}
	if fs.Changed("network-type") {
		in.req.NetworkType = tokenclient.NetworkType(f.networkType)
	}
	return f.shape.overlay(a, fs, &in.req, f.secretStdin)
}

// readStdinValue reads one secret value for flag from r: everything up to
// EOF, without the trailing line break a shell's echo adds.
func readStdinValue(r io.Reader, flag string) (string, error) {
	if r == nil {
		return "", badInput(fmt.Errorf("%s: stdin is not available; pipe the value in", flag))
	}
	data, err := io.ReadAll(io.LimitReader(r, maxSecretInput+1))
	if err != nil {
		return "", badInput(fmt.Errorf("%s: reading stdin: %v", flag, err))
	}
	if len(data) > maxSecretInput {
		return "", badInput(fmt.Errorf("%s: stdin holds more than %d bytes; pipe only the value", flag, maxSecretInput))
	}
	s := strings.TrimRight(string(data), "\r\n")
	if s == "" {
		return "", badInput(fmt.Errorf("%s: stdin was empty; pipe the value in: echo \"$VALUE\" | authdeck token %s", flag, flag))
	}
	return s, nil
}

// fillDefaults completes what neither a profile nor a flag gave: the endpoint
// and secret from the environment, then the default endpoint, a new device id
// (said on stderr) and the detected device info and network type. (The uid
// signature from the environment is applyEnvUIDSignature's.)
func fillDefaults(a *app, in *requestInput, detect func() device.Detection) {
	if in.endpoint == "" {
		in.endpoint = a.env.endpoint
	}
	if in.endpoint == "" {
		in.endpoint = tokenclient.DefaultBaseURL
	}
	if in.req.ClientSecret == "" {
		in.req.ClientSecret = a.env.clientSecret
	}
	if in.req.DeviceID == "" {
		in.req.DeviceID = uuid.NewString()
		a.warnf("no --device-id given; generated %s (pass --device-id %s to reuse it)", in.req.DeviceID, in.req.DeviceID)
	}
	if in.req.DeviceInfo == "" || in.req.NetworkType == "" {
		d := detect()
		if in.req.DeviceInfo == "" {
			in.req.DeviceInfo = device.Encode(d.Info)
		}
		if in.req.NetworkType == "" {
			in.req.NetworkType = d.Network
		}
	}
}

// onceDetect returns a function that runs device.Detect at most once.
func onceDetect() func() device.Detection {
	var d *device.Detection
	return func() device.Detection {
		if d == nil {
			v := device.Detect()
			d = &v
		}
		return *d
	}
}

// flagForField names the command-line flag that sets a request's JSON field.
var flagForField = map[string]string{
	"clientKey":          "--client-key",
	"clientSecret":       "--client-secret-stdin or $" + envClientSecret,
	"deviceId":           "--device-id",
	"deviceInfo":         "--device-info",
	"networkType":        "--network-type",
	"refreshToken":       "--refresh-token",
	"uid":                "--uid",
	"uidSignature":       "--uid-signature-stdin or $" + envUIDSignature,
	"signatureTimestamp": "--signature-timestamp",
	"fields":             "--field",
	"headers":            "--header",
	"userAgent":          "--user-agent",
	"encoding":           "--form",
	"jsonStyle":          "--preset",
	"order":              "--preset",
	"refreshOrder":       "--preset",
	"endpoint":           "--endpoint",
}

// requestProblem turns a request validation error into an input error that
// lists every problem with the flag that fixes it.
func requestProblem(err error) error {
	var ve *tokenclient.ValidationError
	if !errors.As(err, &ve) {
		return badInput(err)
	}
	var b strings.Builder
	b.WriteString("the request is not valid, so nothing was sent:")
	for _, p := range ve.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Field)
		if fl, ok := flagForField[p.Field]; ok {
			b.WriteString(" (" + fl + ")")
		}
		b.WriteString(": ")
		b.WriteString(p.Message)
	}
	return badInput(errors.New(b.String()))
}

// checkEndpoint refuses, before anything is read or sent, a base URL the
// secret must not go to, by tokenclient's one rule (Send applies it again):
// http(s), a real host and port, a base URL rather than the whole token URL,
// and plain http only to loopback unless
// the user opted in, which is then said on stderr. Its message never shows
// a password.
func (a *app) checkEndpoint(raw string, allowInsecureHTTP bool) error {
	if err := tokenclient.ValidateBaseURL(raw, allowInsecureHTTP); err != nil {
		var ve *tokenclient.ValidationError
		if errors.As(err, &ve) && len(ve.Problems) == 1 {
			msg := ve.Problems[0].Message
			if strings.Contains(msg, "opt in to insecure http") {
				msg += " (--allow-insecure-http)"
			}
			return badInput(fmt.Errorf("--endpoint: %s", msg))
		}
		return badInput(fmt.Errorf("--endpoint: %w", err))
	}
	if u, err := url.Parse(raw); err == nil && u.Scheme == "http" && !tokenclient.IsLoopback(u.Hostname()) {
		a.warnf("warning: plain http to %s: the client secret travels unencrypted (--allow-insecure-http)", u.Hostname())
	}
	return nil
}
