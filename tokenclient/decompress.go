package tokenclient

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// decodedBody is the response body with its Content-Encoding undone.
// Go's transport decompresses gzip by itself only when it chose the
// Accept-Encoding; a request that sets its own (a client preset's "gzip,
// deflate, br") gets the body as the server encoded it, so authdeck
// undoes gzip, deflate (zlib or raw) and br here. Another coding is an
// error naming it.
func decodedBody(resp *http.Response) (io.Reader, error) {
	coding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch coding {
	case "", "identity":
		return resp.Body, nil
	case "gzip", "x-gzip":
		return gzip.NewReader(resp.Body)
	case "deflate":
		// "deflate" is zlib-wrapped by the standard, raw in some servers.
		br := bufio.NewReader(resp.Body)
		if head, err := br.Peek(2); err == nil && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
			return zlib.NewReader(br)
		}
		return flate.NewReader(br), nil
	case "br":
		return brotli.NewReader(resp.Body), nil
	}
	return nil, fmt.Errorf("the body is %s-encoded (Content-Encoding), which authdeck cannot decode; leave %q out of Accept-Encoding", coding, coding)
}
