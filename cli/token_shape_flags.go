package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/authdeck/authdeck/tokenclient"
)

// shapeFlags are the request fields beyond the five standard ones: a
// signed-in user, extra body fields and headers, the user agent and the
// body encoding. token, refresh and profiles save take them.
type shapeFlags struct {
	uid                string
	uidSignature       string
	uidSignatureStdin  bool
	signatureTimestamp string
	fields             []string
	headers            []string
	userAgent          string
	form               bool
}

// register adds the shape flags to fs.
func (f *shapeFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.uid, "uid", "", "signed-in user id (sent on issue and refresh; a signature needs --signature-timestamp too)")
	fs.BoolVar(&f.uidSignatureStdin, "uid-signature-stdin", false, "read the uid signature from stdin (or set $"+envUIDSignature+"; see authdeck sign)")
	fs.StringVar(&f.uidSignature, "uid-signature", "", "uid signature (shows in the process list; prefer --uid-signature-stdin)")
	fs.StringVar(&f.signatureTimestamp, "signature-timestamp", "", "unix seconds at which the uid signature was made")
	fs.StringArrayVar(&f.fields, "field", nil, "extra body field: name=text (a string) or name:=json (raw JSON, e.g. trial:=true); repeatable")
	fs.StringArrayVar(&f.headers, "header", nil, "extra request header 'Name: value'; repeatable")
	fs.StringVar(&f.userAgent, "user-agent", "", "User-Agent to send instead of authdeck's")
	fs.BoolVar(&f.form, "form", false, "send the body form-encoded (application/x-www-form-urlencoded) instead of JSON")
}

// overlay sets the fields of req whose flags were given: flags win over a
// profile's values; --field and --header replace entries of the same name
// and add the others.
func (f *shapeFlags) overlay(a *app, fs *pflag.FlagSet, req *tokenclient.TokenRequest, stdinTaken bool) error {
	if fs.Changed("uid-signature") && f.uidSignatureStdin {
		return usageError(errors.New("--uid-signature and --uid-signature-stdin both give the signature; use only --uid-signature-stdin"))
	}
	if fs.Changed("uid") {
		req.UID = f.uid
	}
	if fs.Changed("uid-signature") {
		a.warnf("warning: --uid-signature shows the signature in the process list; use --uid-signature-stdin or $%s", envUIDSignature)
		req.UIDSignature = f.uidSignature
	}
	if f.uidSignatureStdin {
		if stdinTaken {
			return usageError(fmt.Errorf("--uid-signature-stdin and --client-secret-stdin cannot both read stdin: pass the client secret in $%s", envClientSecret))
		}
		s, err := readStdinValue(a.stdin, "--uid-signature-stdin")
		if err != nil {
			return err
		}
		req.UIDSignature = s
	}
	if fs.Changed("signature-timestamp") {
		req.SignatureTimestamp = f.signatureTimestamp
	}
	for _, arg := range f.fields {
		field, err := parseFieldFlag(arg)
		if err != nil {
			return err
		}
		req.Fields = setField(req.Fields, field)
	}
	for _, arg := range f.headers {
		h, err := parseHeaderFlag(arg)
		if err != nil {
			return err
		}
		req.Headers = setHeader(req.Headers, h)
	}
	if fs.Changed("user-agent") {
		req.UserAgent = f.userAgent
	}
	if fs.Changed("form") {
		req.Encoding = tokenclient.EncodingJSON
		if f.form {
			req.Encoding = tokenclient.EncodingForm
		}
	}
	return nil
}

// parseFieldFlag reads --field: name=text gives a JSON string, name:=json
// gives raw JSON (the HTTPie convention). The first "=" splits.
func parseFieldFlag(arg string) (tokenclient.Field, error) {
	i := strings.IndexByte(arg, '=')
	if i <= 0 || (i == 1 && arg[0] == ':') {
		return tokenclient.Field{}, usageError(fmt.Errorf("--field %q: write name=text or name:=json, e.g. --field peacockUUID=abc or --field trial:=true", arg))
	}
	name, value := arg[:i], arg[i+1:]
	if strings.HasSuffix(name, ":") {
		name = strings.TrimSuffix(name, ":")
		if !json.Valid([]byte(value)) {
			return tokenclient.Field{}, usageError(fmt.Errorf("--field %s:=…: the value is not valid JSON; quote a string (name=text does that for you) or give a number, true, false, null, an array or an object", name))
		}
		return tokenclient.Field{Name: name, Value: json.RawMessage(value)}, nil
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return tokenclient.Field{}, usageError(fmt.Errorf("--field %s: %v", name, err))
	}
	return tokenclient.Field{Name: name, Value: raw}, nil
}

// parseHeaderFlag reads --header 'Name: value'.
func parseHeaderFlag(arg string) (tokenclient.Header, error) {
	name, value, ok := strings.Cut(arg, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return tokenclient.Header{}, usageError(fmt.Errorf("--header %q: write it as 'Name: value', e.g. --header 'X-Client: web'", arg))
	}
	return tokenclient.Header{Name: name, Value: strings.TrimSpace(value)}, nil
}

// setField replaces the field of the same name in fields, or appends f.
func setField(fields []tokenclient.Field, f tokenclient.Field) []tokenclient.Field {
	out := append([]tokenclient.Field(nil), fields...)
	for i := range out {
		if out[i].Name == f.Name {
			out[i] = f
			return out
		}
	}
	return append(out, f)
}

// setHeader replaces the header of the same name (any case) in headers, or
// appends h.
func setHeader(headers []tokenclient.Header, h tokenclient.Header) []tokenclient.Header {
	out := append([]tokenclient.Header(nil), headers...)
	for i := range out {
		if strings.EqualFold(out[i].Name, h.Name) {
			out[i] = h
			return out
		}
	}
	return append(out, h)
}

// applyShape copies onto r the shape values that flags gave (from, as
// overlaid by shapeFlags.overlay on an empty request): a profile's request
// keeps what no flag changed.
func applyShape(fs *pflag.FlagSet, f shapeFlags, from tokenclient.TokenRequest, r *tokenclient.TokenRequest) {
	if fs.Changed("uid") {
		r.UID = from.UID
	}
	if fs.Changed("uid-signature") || f.uidSignatureStdin {
		r.UIDSignature = from.UIDSignature
	}
	if fs.Changed("signature-timestamp") {
		r.SignatureTimestamp = from.SignatureTimestamp
	}
	for _, fl := range from.Fields {
		r.Fields = setField(r.Fields, fl)
	}
	for _, h := range from.Headers {
		r.Headers = setHeader(r.Headers, h)
	}
	if fs.Changed("user-agent") {
		r.UserAgent = from.UserAgent
	}
	if fs.Changed("form") {
		r.Encoding = from.Encoding
	}
}
