package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// formatError is a problem in a document, at a byte offset (-1: nowhere).
type formatError struct {
	offset int64
	msg    string
}

func (e *formatError) Error() string { return e.msg }

// precheck refuses text that is not UTF-8 or starts with a byte order mark.
func precheck(data []byte) error {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return &formatError{msg: "starts with a byte order mark; save it as UTF-8 without BOM"}
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return &formatError{offset: int64(i), msg: "is not valid UTF-8 text"}
	}
	return nil
}

// strictUnmarshal decodes one JSON document with the json v2 API, which
// refuses duplicate member names, invalid UTF-8 and trailing data; unknown
// members are refused too. Errors carry the byte offset.
func strictUnmarshal(data []byte, v any) error {
	err := jsonv2.Unmarshal(data, v, jsonv2.RejectUnknownMembers(true))
	if err == nil {
		return nil
	}
	var se *jsontext.SyntacticError
	var me *jsonv2.SemanticError
	switch {
	case errors.As(err, &se):
		switch {
		case errors.Is(se.Err, jsontext.ErrDuplicateName):
			return &formatError{offset: se.ByteOffset, msg: fmt.Sprintf("key %s appears twice in one object; keep one", lastToken(se.JSONPointer))}
		case errors.Is(se.Err, io.ErrUnexpectedEOF):
			return &formatError{offset: se.ByteOffset, msg: "the file ends too early (truncated?)"}
		case strings.Contains(se.Err.Error(), "after top-level value"):
			return &formatError{offset: se.ByteOffset, msg: "unexpected data after the end of the document"}
		}
		return &formatError{offset: se.ByteOffset, msg: "not valid JSON: " + strings.TrimPrefix(se.Err.Error(), "jsontext: ")}
	case errors.As(err, &me):
		where := string(me.JSONPointer)
		if errors.Is(me.Err, jsonv2.ErrUnknownName) {
			return &formatError{offset: me.ByteOffset, msg: fmt.Sprintf("unknown key %s at %s; remove it", lastToken(me.JSONPointer), where)}
		}
		want := "another type"
		if me.GoType != nil {
			want = typeName(me.GoType.String())
		}
		kind := "value"
		if me.JSONKind != 0 {
			kind = me.JSONKind.String()
		}
		return &formatError{offset: me.ByteOffset, msg: fmt.Sprintf("%s is a JSON %s, expected %s", where, kind, want)}
	}
	return &formatError{offset: -1, msg: err.Error()}
}

// lastToken is the last name in a JSON pointer, quoted.
func lastToken(p jsontext.Pointer) string {
	s := string(p)
	return fmt.Sprintf("%q", s[strings.LastIndexByte(s, '/')+1:])
}

func typeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"), strings.HasPrefix(t, "json.Raw"):
		return "an array or value"
	case t == "string", strings.HasSuffix(t, "Store"), strings.HasSuffix(t, "Type"), strings.HasSuffix(t, "Encoding"), strings.HasSuffix(t, "Style"):
		return "a string"
	case t == "int":
		return "a number"
	case t == "time.Time":
		return "an RFC 3339 time string"
	}
	return "an object"
}

// lineCol turns a byte offset into a 1-based line and column (in runes).
func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// corrupt turns a decode error into a *CorruptError for path.
func corrupt(path string, data []byte, err error) *CorruptError {
	ce := &CorruptError{Path: path, Problem: err.Error()}
	var fe *formatError
	if errors.As(err, &fe) && fe.offset >= 0 {
		ce.Line, ce.Column = lineCol(data, fe.offset)
	}
	return ce
}
