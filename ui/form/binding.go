package form

import (
	"errors"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// deviceInfo is the Info described by the four fields and the kept extras.
func (m *Model) deviceInfo() device.Info {
	return device.Info{
		Model:     m.Value(DeviceModel),
		Version:   m.Value(DeviceVersion),
		OSName:    m.Value(OSName),
		OSVersion: m.Value(OSVersion),
		Extra:     m.extra,
	}
}

// encodeDeviceInfo rewrites the base64 field from the four fields.
func (m *Model) encodeDeviceInfo() {
	m.set(DeviceInfo, device.Encode(m.deviceInfo()))
	m.verbatim = false
	m.b64Err = ""
	m.rows[DeviceInfo].err = ""
}

// decodeDeviceInfo reads the base64 field into the four fields. On a decode
// error the four fields keep their last good values and the error is shown
// on the base64 field.
func (m *Model) decodeDeviceInfo() {
	text := m.Value(DeviceInfo)
	if strings.TrimSpace(text) == "" {
		m.b64Err, m.verbatim = "device info is empty; fill model, version, OS name and OS version, or paste a base64 blob", false
		return
	}
	info, err := device.Decode(text)
	if err != nil {
		m.b64Err, m.verbatim = err.Error(), false
		return
	}
	m.b64Err = ""
	m.rows[DeviceInfo].err = ""
	m.verbatim = strings.TrimSpace(text) != device.Encode(info)
	vals := [4]string{info.Model, info.Version, info.OSName, info.OSVersion}
	for n, f := range [4]Field{DeviceModel, DeviceVersion, OSName, OSVersion} {
		if m.Value(f) != vals[n] {
			m.set(f, vals[n])
			m.rows[f].mark, m.rows[f].source = MarkNone, ""
		}
	}
	m.extra = info.Extra
}

// checkDeviceID flags a device id that is not a UUID (a warning: the
// request validation decides whether it blocks sending).
func (m *Model) checkDeviceID() {
	id := strings.TrimSpace(m.Value(DeviceID))
	m.rows[DeviceID].warn = ""
	if id == "" {
		return
	}
	if _, err := uuid.Parse(id); err != nil {
		m.rows[DeviceID].warn = "not a UUID; ctrl+g generates one"
	}
}

// endpointProblem checks the endpoint: an absolute http(s) URL with a host.
func endpointProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "endpoint is empty; enter the service's base URL, e.g. https://api.nfl.com"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "endpoint must be an http:// or https:// URL with a host, e.g. https://api.nfl.com"
	}
	if u.User != nil {
		return "endpoint must not contain a user name or password"
	}
	return ""
}

// problems is every problem in the form for an issue (refreshToken == nil)
// or a refresh request, keyed by position (a fixed Field, or a list row).
func (m *Model) problems(refreshToken *string) map[int]string {
	out := map[int]string{}
	if p := endpointProblem(m.Endpoint()); p != "" {
		out[int(Endpoint)] = p
	}
	fields, headers, fieldPos, headerPos, rowProblems := m.listEntries()
	for pos, p := range rowProblems {
		out[pos] = p
	}
	var err error
	if refreshToken == nil {
		err = m.Request().Validate()
	} else {
		err = m.RefreshRequest(*refreshToken).Validate()
	}
	fieldNames := make([]string, len(fields))
	for i, f := range fields {
		fieldNames[i] = f.Name
	}
	headerNames := make([]string, len(headers))
	for i, h := range headers {
		headerNames[i] = h.Name
	}
	var ve *tokenclient.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			pos, ok := -1, false
			switch p.Field {
			case "fields":
				pos, ok = rowOfProblem(p.Message, fieldNames, fieldPos)
			case "headers":
				pos, ok = rowOfProblem(p.Message, headerNames, headerPos)
			default:
				var f Field
				f, ok = fieldForJSON(p.Field)
				pos = int(f)
			}
			if _, seen := out[pos]; ok && !seen {
				out[pos] = p.Message
			}
		}
	}
	if m.b64Err != "" {
		out[int(DeviceInfo)] = m.b64Err
	}
	return out
}

// validatePos shows (or clears) the problem of the row at pos.
func (m *Model) validatePos(pos int) {
	m.rowAt(pos).err = m.problems(nil)[pos]
}

// Validate checks the whole form for an issue request and shows every
// problem on its field. It reports whether the form is valid.
func (m *Model) Validate() bool {
	return m.show(m.problems(nil))
}

// ValidateRefresh is Validate for a refresh with refreshToken.
func (m *Model) ValidateRefresh(refreshToken string) bool {
	return m.show(m.problems(&refreshToken))
}

// show puts problems on their rows and clears the others.
func (m *Model) show(p map[int]string) bool {
	for pos := range m.total() {
		m.rowAt(pos).err = p[pos]
	}
	return len(p) == 0
}

// ProblemCount is the number of rows showing a problem.
func (m *Model) ProblemCount() int {
	n := 0
	for pos := range m.total() {
		if m.rowAt(pos).err != "" {
			n++
		}
	}
	return n
}
