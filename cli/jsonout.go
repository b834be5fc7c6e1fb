package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// writeJSON is the CLI's one JSON printer, for every --output json: v
// indented by two spaces, one document per call, '<', '>' and '&' as they
// are, and safe on a terminal (see terminalSafeJSON).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(terminalSafeJSON(buf.Bytes()))
	return err
}

// writeRawJSON prints a JSON document as it was received (a server's
// response body), made safe on a terminal like writeJSON's output, and
// ending with a newline.
func writeRawJSON(w io.Writer, raw []byte) error {
	out := terminalSafeJSON(raw)
	if len(out) == 0 || out[len(out)-1] != '\n' {
		out = append(out[:len(out):len(out)], '\n')
	}
	_, err := w.Write(out)
	return err
}

// terminalSafeJSON returns the JSON document b as valid UTF-8 in which no
// character a terminal acts on appears raw: every C0 control but tab,
// newline and carriage return (JSON whitespace), DEL, every C1 control, the
// bidi embeddings, overrides and isolates (what sanitize.Unsafe names) and
// the line and paragraph separators U+2028 and U+2029 are written as \u
// escapes, and each byte that is not UTF-8 (a lone 0x9B, a CSI to some
// terminals) as \ufffd. Outside strings JSON allows none of these, so the
// escapes land inside strings and the document means what it meant, with
// invalid bytes replaced. b is returned unchanged when it needs nothing.
func terminalSafeJSON(b []byte) []byte {
	i := firstUnsafeJSON(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, b[:i]...)
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				out = fmt.Appendf(out, `\u%04x`, c)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = append(out, `\ufffd`...)
		case sanitize.Unsafe(r) || r == '\u2028' || r == '\u2029':
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// firstUnsafeJSON is the index of the first byte terminalSafeJSON changes,
// or -1.
func firstUnsafeJSON(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || sanitize.Unsafe(r) || r == '\u2028' || r == '\u2029' {
			return i
		}
		i += n
	}
	return -1
}
