package result

import (
	"strings"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// renderHeaders appends the response's headers in a section of their own
// (server, date, via, x-cache, request ids...), sorted by name, values of
// Set-Cookie and other secret-bearing headers and any repeat of the issued
// tokens masked (tokenclient.Result.MaskedHeader). Nothing is written for
// a token loaded with a profile or a call without a response.
func (m *Model) renderHeaders(b *strings.Builder) {
	if m.cached || m.res == nil || len(m.res.Header) == 0 {
		return
	}
	st := m.styles
	b.WriteString("\n" + st.Header.Render("Response headers") + "\n")
	for _, h := range m.res.MaskedHeader() {
		b.WriteString("  " + st.Label.Render(sanitize.Line(h.Name)+":") + " " + st.Value.Render(sanitize.Line(h.Value)) + "\n")
	}
}
