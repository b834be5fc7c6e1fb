package cli

import (
	"encoding/json"
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

// parseLists reads the --field and --header flags in order; a later one of
// the same name replaces an earlier one.
func (f *shapeFlags) parseLists() ([]tokenclient.Field, []tokenclient.Header, error) {
	var fields []tokenclient.Field
	var headers []tokenclient.Header
	for _, arg := range f.fields {
		field, err := parseFieldFlag(arg)
		if err != nil {
			return nil, nil, err
		}
		fields = setField(fields, field)
	}
	for _, arg := range f.headers {
		h, err := parseHeaderFlag(arg)
		if err != nil {
			return nil, nil, err
		}
		headers = setHeader(headers, h)
	}
	return fields, headers, nil
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
