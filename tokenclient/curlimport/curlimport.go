// Package curlimport reads a "copy as cURL" command line, as a browser's
// developer tools give it for the identity service's token call, into the
// endpoint and the TokenRequest that reproduce it.
//
// The line is split into words by mvdan.cc/sh/v3/syntax, a full POSIX/bash
// parser (single and double quotes, $'...' with its escapes, backslash-newline
// continuations), so no shell lexer is written here. Words that would need a
// shell to expand ($VAR, $(...), globs the browser never writes) are refused
// with an error that names them: what is imported is exactly what was copied.
//
// Headers that the transport or the body encoding set (Host, Content-Length,
// Content-Type, Connection and the other hop-by-hop headers, Accept-Encoding)
// are not kept, nor are the browser's credentials for other calls (Cookie,
// -b/--cookie, Authorization): the token call does not use them, and a saved
// profile would hold them in clear. Imported.Dropped says what was left out.
package curlimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/authdeck/authdeck/tokenclient"
)

// Imported is what a curl command line says about a token call.
type Imported struct {
	// BaseURL is the endpoint: scheme, host[:port] and any path prefix
	// before /identity/v3/token.
	BaseURL string
	// Request is the call: standard fields, the signed-in user's fields,
	// extra body fields in order, extra headers, User-Agent and encoding.
	// DeviceInfo is the base64 exactly as given.
	Request tokenclient.TokenRequest
	// Refresh is true when the line was a /identity/v3/token/refresh call.
	// Its refresh token is not imported (it is single-use and short-lived).
	Refresh bool
	// Dropped says, one line each, what was in the command but is not in
	// Request, and why ("Cookie header: ..."). Never holds a value.
	Dropped []string
}

// noValueFlags are curl options without an argument that devtools (or a
// person tidying the line) add and that change nothing about the request.
var noValueFlags = map[string]bool{
	"--compressed": true, "-s": true, "--silent": true, "-S": true, "--show-error": true,
	"-i": true, "--include": true, "-v": true, "--verbose": true, "-L": true, "--location": true,
	"-k": true, "--insecure": true, "--http1.1": true, "--http2": true, "--http2-prior-knowledge": true,
	"--http3": true, "-g": true, "--globoff": true, "-sS": true, "-Ss": true, "-f": true, "--fail": true,
	"--fail-with-body": true,
}

// valueFlags are curl options with an argument that the import ignores
// (they shape the transfer, not the request).
var valueFlags = map[string]bool{
	"-o": true, "--output": true, "-m": true, "--max-time": true, "--connect-timeout": true,
	"-w": true, "--write-out": true, "--retry": true,
}

// dropped headers: lower-case name → why it is not kept.
var droppedHeaders = map[string]string{
	"host":              "the transport sets it from the endpoint",
	"content-length":    "the transport sets it from the body",
	"content-type":      "it sets the body encoding instead",
	"connection":        "hop-by-hop, the transport manages the connection",
	"keep-alive":        "hop-by-hop, the transport manages the connection",
	"proxy-connection":  "hop-by-hop, the transport manages the connection",
	"transfer-encoding": "the transport sets it",
	"te":                "hop-by-hop, the transport sets it",
	"upgrade":           "hop-by-hop, the transport sets it",
	"accept-encoding":   "the transport negotiates compression itself (and decodes it)",
	"cookie":            "the browser's session cookies are not used by the token call and would be saved in clear",
	"authorization":     "a credential of another call; the token call sends none",
	"user-agent":        "kept as the User-Agent setting",
}

// Parse reads one curl command line. Errors name what is wrong and where:
// a word of the command by its position ("word 4"), a body field by its
// name when it is a known one, else by its position. They never quote a
// word or a value, since any of them may be a secret pasted in the wrong
// place. Text that is not valid UTF-8 (a $'\xff' escape, a %-escape or a
// JSON \u escape that is no character) is refused, never replaced.
//
// Line breaks may be CR LF (a file from Windows) or CR alone (terminals and
// tmux send a pasted line break as CR): both are read as LF, so backslash
// continuations work; devtools never puts a raw CR inside a quoted value.
func Parse(cmdline string) (Imported, error) {
	cmdline = NormalizeNewlines(cmdline)
	args, err := words(cmdline)
	if err != nil {
		return Imported{}, err
	}
	if len(args) == 0 {
		return Imported{}, errors.New("the command is empty: paste the whole \"copy as cURL\" line, starting with curl")
	}
	if args[0] != "curl" && !strings.HasSuffix(args[0], "/curl") && args[0] != "curl.exe" {
		return Imported{}, errors.New("the first word of the command is not curl: paste the line devtools copies with \"Copy as cURL (bash)\"")
	}
	var (
		out        Imported
		rawURL     string
		urlWord    int // the word number of rawURL
		ctypeWord  int // the word number of the Content-Type header
		method     string
		data       []string
		ctype      string
		headers    []tokenclient.Header
		userAgent  string
		methodWord int
	)
	for i := 1; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("word %d (%s) needs a value after it: the line looks cut off, copy it again", i+1, a)
			}
			i++
			return args[i], nil
		}
		name, inline, hasInline := a, "", false
		if strings.HasPrefix(a, "--") {
			if n, v, ok := strings.Cut(a, "="); ok {
				name, inline, hasInline = n, v, true
			}
		} else if len(a) > 2 && a[0] == '-' && strings.Contains("XHdAb", a[1:2]) {
			name, inline, hasInline = a[:2], a[2:], true // -XPOST, -H'…'
		}
		value := func() (string, error) {
			if hasInline {
				return inline, nil
			}
			return next()
		}
		var v string
		switch name {
		case "-X", "--request":
			if v, err = value(); err != nil {
				return Imported{}, err
			}
			method, methodWord = strings.ToUpper(v), i+1
		case "-H", "--header":
			if v, err = value(); err != nil {
				return Imported{}, err
			}
			hn, hv, ok := strings.Cut(v, ":")
			hn = strings.TrimSpace(hn)
			if !ok || hn == "" {
				return Imported{}, fmt.Errorf("word %d (the value of %s) is not a header \"Name: value\"", i+1, name)
			}
			hv = strings.TrimSpace(hv)
			switch low := strings.ToLower(hn); {
			case low == "content-type":
				ctype, ctypeWord = hv, i+1
			case low == "user-agent":
				userAgent = hv
			case strings.HasPrefix(hn, ":"):
				out.Dropped = append(out.Dropped, pseudoName(hn)+": an HTTP/2 pseudo-header, set by the transport")
			case droppedHeaders[low] != "":
				out.Dropped = append(out.Dropped, hn+" header: "+droppedHeaders[low])
			default:
				headers = append(headers, tokenclient.Header{Name: hn, Value: hv})
			}
		case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii":
			if v, err = value(); err != nil {
				return Imported{}, err
			}
			if name != "--data-raw" && strings.HasPrefix(v, "@") {
				return Imported{}, fmt.Errorf("word %d: %s @… reads the body from a file: paste the line with the body in it (devtools writes --data-raw)", i+1, name)
			}
			data = append(data, v)
		case "--data-urlencode", "-F", "--form", "-T", "--upload-file", "--json":
			return Imported{}, fmt.Errorf("%s is not what devtools writes for the token call: use --data-raw with the body", name)
		case "-A", "--user-agent":
			if userAgent, err = value(); err != nil {
				return Imported{}, err
			}
		case "-b", "--cookie":
			if _, err = value(); err != nil {
				return Imported{}, err
			}
			out.Dropped = append(out.Dropped, name+" (cookies): "+droppedHeaders["cookie"])
		case "-e", "--referer":
			if v, err = value(); err != nil {
				return Imported{}, err
			}
			headers = append(headers, tokenclient.Header{Name: "Referer", Value: v})
		case "--url":
			if v, err = value(); err != nil {
				return Imported{}, err
			}
			if rawURL != "" {
				return Imported{}, fmt.Errorf("words %d and %d are both URLs: keep only the token call's", urlWord, i+1)
			}
			rawURL, urlWord = v, i+1
		default:
			switch {
			case noValueFlags[a]:
			case valueFlags[name]:
				if !hasInline {
					if _, err = next(); err != nil {
						return Imported{}, err
					}
				}
			case strings.HasPrefix(a, "-") && a != "-":
				return Imported{}, fmt.Errorf("word %d is a curl option the import does not understand: remove it (devtools' lines use -X, -H, -b, --data-raw and --compressed)", i+1)
			case rawURL != "":
				return Imported{}, fmt.Errorf("words %d and %d both stand where the URL goes: keep only the token call's URL (a stray word, perhaps a value pasted without its option?)", urlWord, i+1)
			default:
				rawURL, urlWord = a, i+1
			}
		}
	}
	if rawURL == "" {
		return Imported{}, errors.New("the command has no URL: paste the whole line, with https://…/identity/v3/token")
	}
	base, refresh, notes, err := baseURL(rawURL, urlWord)
	if err != nil {
		return Imported{}, err
	}
	out.BaseURL, out.Refresh = base, refresh
	out.Dropped = append(out.Dropped, notes...)
	if len(data) == 0 {
		return Imported{}, errors.New("the command has no body (--data-raw): copy the token call itself, not its preflight (OPTIONS) request")
	}
	if method != "" && method != "POST" {
		what := fmt.Sprintf("word %d", methodWord)
		if knownMethods[method] {
			what = method
		}
		return Imported{}, fmt.Errorf("the request method (%s) is not POST: the token call is a POST with a body", what)
	}
	body := strings.Join(data, "&") // what curl sends for several -d
	req, bodyNotes, err := parseBody(body, ctype, ctypeWord)
	if err != nil {
		return Imported{}, err
	}
	out.Dropped = append(out.Dropped, bodyNotes...)
	req.Headers, req.UserAgent = headers, userAgent
	out.Request = req
	return out, nil
}

// NormalizeNewlines turns CR LF and lone CR into LF.
func NormalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// words splits the line as bash would, refusing anything that needs
// expansion.
func words(cmdline string) ([]string, error) {
	if strings.Contains(cmdline, "^\"") || strings.Contains(cmdline, "^\n") {
		return nil, errors.New("this is a Windows cmd line (with ^ escapes): in devtools use \"Copy as cURL (bash)\" instead")
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmdline), "")
	if err != nil {
		return nil, shellError(err)
	}
	if len(f.Stmts) == 0 {
		return nil, nil
	}
	if len(f.Stmts) > 1 {
		return nil, errors.New("the text holds more than one command: paste only the one curl line")
	}
	st := f.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || len(st.Redirs) > 0 || len(call.Assigns) > 0 {
		return nil, errors.New("the text is not a plain curl command (it has pipes, redirections or other shell syntax): paste only the curl line")
	}
	out := make([]string, 0, len(call.Args))
	for i, w := range call.Args {
		// Messages name the word by its place, never quote it: it may be
		// the body, with the client secret in it.
		if p := needsExpansion(w); p != "" {
			return nil, fmt.Errorf("word %d of the command (line %d) uses %s, which only a shell could fill in: paste the line exactly as devtools copied it", i+1, w.Pos().Line(), p)
		}
		// A fresh Config per word: with nil, expand.Literal writes to a
		// package-level Config (mvdan.cc/sh v3.14.1 prepareConfig), a data
		// race between concurrent Parse calls.
		s, err := expand.Literal(&expand.Config{}, w)
		if err != nil {
			return nil, fmt.Errorf("word %d of the command (line %d) cannot be read as plain text: paste the line exactly as devtools copied it", i+1, w.Pos().Line())
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("word %d of the command (line %d) is not valid UTF-8 text (bytes that are no character, e.g. from a $'\\xff' escape): copy the line again from devtools", i+1, w.Pos().Line())
		}
		out = append(out, s)
	}
	return out, nil
}

// needsExpansion names the shell feature a word uses beyond quoting, or "".
func needsExpansion(w *syntax.Word) string {
	var found string
	syntax.Walk(w, func(n syntax.Node) bool {
		if found != "" {
			return false
		}
		switch n := n.(type) {
		case *syntax.ParamExp:
			found = "a variable ($" + n.Param.Value + ")"
		case *syntax.CmdSubst:
			found = "a command substitution ($(...))"
		case *syntax.ArithmExp:
			found = "arithmetic ($((...)))"
		case *syntax.ProcSubst:
			found = "a process substitution"
		case *syntax.ExtGlob:
			found = "a glob"
		case *syntax.BraceExp:
			found = "a brace expansion"
		}
		return true
	})
	if found == "" && len(w.Parts) > 0 {
		if lit, ok := w.Parts[0].(*syntax.Lit); ok && strings.HasPrefix(lit.Value, "~") {
			found = "a ~ (home directory)"
		}
	}
	return found
}

// baseURL cuts the token path off the URL. It reports whether the call
// was a refresh, and notes about what the URL held beyond the endpoint.
func baseURL(raw string, word int) (base string, refresh bool, notes []string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", false, nil, fmt.Errorf("the URL (word %d) does not parse as a URL: copy it again", word)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false, nil, fmt.Errorf("the URL (word %d) is not an http:// or https:// URL with a host", word)
	}
	if u.User != nil {
		return "", false, nil, fmt.Errorf("the URL (word %d) holds a user name or password: remove them", word)
	}
	if p := u.Port(); p != "" {
		// url.Parse made sure the port is digits only.
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", false, nil, fmt.Errorf("the URL (word %d) has port %s: a port is a number from 1 to 65535", word, p)
		}
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	var prefix string
	switch {
	case strings.HasSuffix(path, tokenclient.RefreshPath):
		prefix, refresh = strings.TrimSuffix(path, tokenclient.RefreshPath), true
		notes = append(notes, "refreshToken: a refresh call's token is single-use; the import makes the issue request (the console's refresh uses the token it gets)")
	case strings.HasSuffix(path, tokenclient.IssuePath):
		prefix = strings.TrimSuffix(path, tokenclient.IssuePath)
	default:
		return "", false, nil, fmt.Errorf("the URL's path (word %d) is not the token call: copy the request to …%s", word, tokenclient.IssuePath)
	}
	if u.RawQuery != "" {
		notes = append(notes, "the URL's query string: the token call takes none")
	}
	return u.Scheme + "://" + u.Host + prefix, refresh, notes, nil
}

// standard are the body fields with a place of their own in TokenRequest.
var standard = map[string]func(*tokenclient.TokenRequest) *string{
	"clientKey":          func(r *tokenclient.TokenRequest) *string { return &r.ClientKey },
	"clientSecret":       func(r *tokenclient.TokenRequest) *string { return &r.ClientSecret },
	"deviceId":           func(r *tokenclient.TokenRequest) *string { return &r.DeviceID },
	"deviceInfo":         func(r *tokenclient.TokenRequest) *string { return &r.DeviceInfo },
	"uid":                func(r *tokenclient.TokenRequest) *string { return &r.UID },
	"uidSignature":       func(r *tokenclient.TokenRequest) *string { return &r.UIDSignature },
	"signatureTimestamp": func(r *tokenclient.TokenRequest) *string { return &r.SignatureTimestamp },
}

// parseBody reads a JSON or form body into a request. The Content-Type
// decides; without one a body starting with { is JSON (curl would have sent
// it as a form, which no token client means).
func parseBody(body, ctype string, ctypeWord int) (tokenclient.TokenRequest, []string, error) {
	ct := strings.ToLower(ctype)
	isJSON := strings.HasPrefix(strings.TrimSpace(body), "{")
	switch {
	case strings.Contains(ct, "json"):
		isJSON = true
	case strings.Contains(ct, "x-www-form-urlencoded"):
		isJSON = false
	case ct != "":
		return tokenclient.TokenRequest{}, nil, fmt.Errorf("the Content-Type header (word %d) is neither JSON nor a form: the token call sends application/json or application/x-www-form-urlencoded", ctypeWord)
	}
	var req tokenclient.TokenRequest
	var notes []string
	extraAt := map[string]int{} // extra field name → its position in the body
	n := 0                      // the position of the field being set
	set := func(name string, val json.RawMessage, text string, isString bool) error {
		n++
		if name == "refreshToken" {
			return nil // noted with the URL; never kept
		}
		if name == "networkType" {
			if !isString {
				return fmt.Errorf("body field networkType is not a string")
			}
			req.NetworkType = tokenclient.NetworkType(text)
			return nil
		}
		if field, ok := standard[name]; ok {
			switch {
			case isString:
			case name == "signatureTimestamp" && isNumber(val):
				text = string(val) // some clients send the time as a number
			default:
				return fmt.Errorf("body field %s is not a string: it holds a JSON %s", name, jsonKind(val))
			}
			*field(&req) = text
			return nil
		}
		if first, dup := extraAt[name]; dup {
			return fmt.Errorf("body fields %d and %d have the same name: keep one", first, n)
		}
		extraAt[name] = n
		req.Fields = append(req.Fields, tokenclient.Field{Name: name, Value: val})
		return nil
	}
	if isJSON {
		req.Encoding = tokenclient.EncodingJSON
		if err := eachJSONField(body, set); err != nil {
			return tokenclient.TokenRequest{}, nil, err
		}
	} else {
		req.Encoding = tokenclient.EncodingForm
		pos := 0
		for _, pair := range strings.Split(body, "&") {
			if pair == "" {
				continue
			}
			pos++
			k, v, _ := strings.Cut(pair, "=")
			name, err1 := url.QueryUnescape(k)
			text, err2 := url.QueryUnescape(v)
			if err1 != nil || err2 != nil {
				return tokenclient.TokenRequest{}, nil, fmt.Errorf("field %d of the form body has a bad %%-escape: copy the body again", pos)
			}
			if !utf8.ValidString(name) || !utf8.ValidString(text) {
				return tokenclient.TokenRequest{}, nil, fmt.Errorf("field %d of the form body has %%-escapes that are not UTF-8 text: copy the body again", pos)
			}
			raw, _ := json.Marshal(text)
			if err := set(name, raw, text, true); err != nil {
				return tokenclient.TokenRequest{}, nil, err
			}
		}
	}
	if strings.Contains(body, "refreshToken") {
		notes = append(notes, "refreshToken body field: not kept")
	}
	return req, notes, nil
}

// eachJSONField calls fn for every member of the JSON object body, in order.
func eachJSONField(body string, fn func(name string, val json.RawMessage, text string, isString bool) error) error {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	bad := func(err error) error {
		return fmt.Errorf("the body is not a JSON object: %v (check that the whole --data-raw value was copied)", err)
	}
	t, err := dec.Token()
	if err != nil {
		return bad(err)
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return errors.New("the body is JSON but not an object: the token call sends {\"clientKey\": …}")
	}
	n := 0 // the field's position
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		name := t.(string) // object keys are strings
		n++
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return bad(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return bad(err)
		}
		raw = compact.Bytes()
		var text string
		isString := json.Unmarshal(raw, &text) == nil && len(raw) > 0 && raw[0] == '"'
		// encoding/json turns a \u escape that is no character (a lone
		// surrogate) into U+FFFD: refuse it rather than keep a changed value.
		if isString && replaced(raw, text) || replaced(nil, name) && !strings.Contains(body, "\uFFFD") && !strings.Contains(strings.ToLower(body), `\ufffd`) {
			return fmt.Errorf("body field %d holds a \\u escape that is no character (a lone surrogate): copy the body again", n)
		}
		if err := fn(name, raw, text, isString); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return bad(err)
	}
	if _, err := dec.Token(); err == nil {
		return errors.New("the body has something after its JSON object: copy the body again")
	}
	return nil
}

// jsonKind names what kind of JSON value raw is.
func jsonKind(raw json.RawMessage) string {
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '{':
		return "object"
	case raw[0] == '[':
		return "array"
	case raw[0] == 't' || raw[0] == 'f':
		return "boolean"
	case raw[0] == 'n':
		return "null"
	}
	return "number"
}

// isNumber reports whether raw is a JSON number.
func isNumber(raw json.RawMessage) bool {
	var n json.Number
	return len(raw) > 0 && raw[0] != '"' && json.Unmarshal(raw, &n) == nil
}

// replaced reports whether decoding raw (a JSON string) into text put a
// U+FFFD where raw had none: text holds more of them than raw has, literal
// or escaped. With raw nil, it reports whether text holds one at all.
func replaced(raw json.RawMessage, text string) bool {
	got := strings.Count(text, "\uFFFD")
	if got == 0 || raw == nil {
		return got > 0
	}
	r := string(raw)
	return got > strings.Count(r, "\uFFFD")+strings.Count(strings.ToLower(r), `\ufffd`)
}

// knownMethods are the HTTP methods a message may name (any other -X
// value is named by its word's position).
var knownMethods = map[string]bool{
	"GET": true, "HEAD": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true,
}

// pseudoName names an HTTP/2 pseudo-header for a message: one of the four
// the protocol defines by its name, anything else without quoting it.
func pseudoName(hn string) string {
	switch strings.ToLower(hn) {
	case ":authority", ":method", ":path", ":scheme":
		return strings.ToLower(hn) + " header"
	}
	return "a header named with a leading \":\""
}

// shellError explains a line the shell parser refused by its position,
// with the parser's reason only when it quotes nothing of the line.
func shellError(err error) error {
	var pe syntax.ParseError
	if !errors.As(err, &pe) {
		return errors.New("the command does not read as one shell command line: copy it again")
	}
	why := ""
	if !strings.ContainsAny(pe.Text, "`\"'") {
		why = " (" + pe.Text + ")"
	}
	if pe.Incomplete {
		return fmt.Errorf("the command does not read as one shell command line: it ends with a quote or bracket still open%s; the line looks cut off, copy it again", why)
	}
	return fmt.Errorf("the command does not read as one shell command line: the shell syntax is wrong at line %d, column %d%s", pe.Pos.Line(), pe.Pos.Col(), why)
}
