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

// requestEdit is what the request flags of one command line give, read once
// (stdin included): every command that takes request flags (token and
// refresh, with or without a profile, and profiles save) puts it on its
// request with apply.
type requestEdit struct {
	a       *app
	changed func(flag string) bool
	// values holds what the given flags say; apply copies only those.
	values requestInput
	// secret and signature say the client secret and the uid signature were
	// given, by flag or on stdin.
	secret, signature bool
	// preset is --preset, put on the request before the other flags so
	// they override it; call is the call it shapes.
	preset string
	call   tokenclient.Call
}

// read checks the request flags of one command line, warns about secrets
// given as arguments and reads what they take from stdin.
func (f *requestFlags) read(a *app, fs *pflag.FlagSet) (requestEdit, error) {
	sh := f.shape
	if fs.Changed("client-secret") && f.secretStdin {
		return requestEdit{}, usageError(errors.New("--client-secret and --client-secret-stdin both give the secret; use only --client-secret-stdin"))
	}
	if fs.Changed("uid-signature") && sh.uidSignatureStdin {
		return requestEdit{}, usageError(errors.New("--uid-signature and --uid-signature-stdin both give the signature; use only --uid-signature-stdin"))
	}
	if err := applyClientPreset(f.preset, &tokenclient.TokenRequest{}, f.call); err != nil {
		return requestEdit{}, err
	}
	e := requestEdit{a: a, changed: fs.Changed, preset: f.preset, call: f.call, values: requestInput{endpoint: f.endpoint, req: tokenclient.TokenRequest{
		ClientKey: f.clientKey, ClientSecret: f.clientSecret, DeviceID: f.deviceID, DeviceInfo: f.deviceInfo,
		NetworkType: tokenclient.NetworkType(f.networkType), UID: sh.uid, UIDSignature: sh.uidSignature,
		SignatureTimestamp: sh.signatureTimestamp, UserAgent: sh.userAgent, Encoding: tokenclient.EncodingJSON,
	}}}
	e.secret = fs.Changed("client-secret") || f.secretStdin
	e.signature = fs.Changed("uid-signature") || sh.uidSignatureStdin
	if sh.form {
		e.values.req.Encoding = tokenclient.EncodingForm
	}
	if fs.Changed("client-secret") {
		a.warnf("warning: --client-secret shows the secret in the process list; use --client-secret-stdin or $%s", envClientSecret)
	}
	if fs.Changed("uid-signature") {
		a.warnf("warning: --uid-signature shows the signature in the process list; use --uid-signature-stdin or $%s", envUIDSignature)
	}
	if f.secretStdin && sh.uidSignatureStdin {
		return requestEdit{}, usageError(fmt.Errorf("--uid-signature-stdin and --client-secret-stdin cannot both read stdin: pass the client secret in $%s", envClientSecret))
	}
	var err error
	if f.secretStdin {
		if e.values.req.ClientSecret, err = readStdinValue(a.stdin, "--client-secret-stdin"); err != nil {
			return requestEdit{}, err
		}
	}
	if sh.uidSignatureStdin {
		if e.values.req.UIDSignature, err = readStdinValue(a.stdin, "--uid-signature-stdin"); err != nil {
			return requestEdit{}, err
		}
	}
	if e.values.req.Fields, e.values.req.Headers, err = sh.parseLists(); err != nil {
		return requestEdit{}, err
	}
	return e, nil
}

// apply puts on in what the flags gave, so flags win over a profile's
// values: --field and --header replace entries of the same name and add the
// others. Then $AUTHDECK_UID_SIGNATURE stands in for a signature flag by
// the rule of applyEnvUIDSignature.
func (e requestEdit) apply(in *requestInput) {
	given, v, r := e.changed, e.values.req, &in.req
	_ = applyClientPreset(e.preset, r, e.call) // checked by read
	take(given("endpoint"), &in.endpoint, e.values.endpoint)
	take(given("client-key"), &r.ClientKey, v.ClientKey)
	take(e.secret, &r.ClientSecret, v.ClientSecret)
	take(given("device-id"), &r.DeviceID, v.DeviceID)
	take(given("device-info"), &r.DeviceInfo, v.DeviceInfo)
	take(given("network-type"), &r.NetworkType, v.NetworkType)
	take(given("uid"), &r.UID, v.UID)
	take(e.signature, &r.UIDSignature, v.UIDSignature)
	take(given("signature-timestamp"), &r.SignatureTimestamp, v.SignatureTimestamp)
	take(given("user-agent"), &r.UserAgent, v.UserAgent)
	take(given("form"), &r.Encoding, v.Encoding)
	for _, f := range v.Fields {
		r.Fields = setField(r.Fields, f)
	}
	for _, h := range v.Headers {
		r.Headers = setHeader(r.Headers, h)
	}
	e.a.applyEnvUIDSignature(r, e.signature, given("signature-timestamp"))
}

// take sets *dst to v when the flag was given.
func take[T any](given bool, dst *T, v T) {
	if given {
		*dst = v
	}
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
