package tokenclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	wrap := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://id.example/identity/v3/token", Err: err}
	}
	dial := func(err error) error { return wrap(&net.OpError{Op: "dial", Net: "tcp", Err: err}) }
	tests := []struct {
		name, op string
		err      error
		wantOp   string
		says     string
	}{
		{"dns not found", "send", dial(&net.DNSError{Name: "id.example", Err: "no such host", IsNotFound: true}), "dns", "could not find host id.example"},
		{"dns timeout", "send", dial(&net.DNSError{Name: "id.example", Err: "i/o timeout", IsTimeout: true}), "dns", "DNS lookup of id.example timed out"},
		{"dns other", "send", dial(&net.DNSError{Name: "id.example", Err: "server misbehaving"}), "dns", "server misbehaving"},
		{"refused", "send", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), "connect", "connection refused by id.example:443"},
		{"reset", "read", wrap(os.NewSyscallError("read", syscall.ECONNRESET)), "read", "connection reset by id.example:443"},
		{"unreachable", "send", dial(os.NewSyscallError("connect", syscall.EHOSTUNREACH)), "connect", "no route to id.example:443"},
		{"proxy", "send", wrap(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), "proxy", "could not reach the proxy"},
		{"unknown ca", "send", wrap(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), "tls", "certificate signed by unknown authority"},
		{"hostname", "send", wrap(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "id.example"}), "tls", "not valid for that name"},
		{"expired", "send", wrap(x509.CertificateInvalidError{Cert: &x509.Certificate{}, Reason: x509.Expired}), "tls", "is not valid"},
		{"plain http", "send", wrap(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), "tls", "did not answer with TLS"},
		{"old tls", "send", wrap(tls.AlertError(70)), "tls", "TLS 1.2 or newer"},
		{"eof", "send", wrap(io.EOF), "send", "closed the connection without answering"},
		{"eof reading", "read", io.ErrUnexpectedEOF, "read", "before the whole response arrived"},
		{"other", "send", wrap(errors.New("something odd")), "send", "request to id.example:443 failed: something odd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ne := classify(tt.err, "id.example:443", tt.op)
			if ne.Op != tt.wantOp {
				t.Errorf("Op = %q, want %q", ne.Op, tt.wantOp)
			}
			if !strings.Contains(ne.Error(), tt.says) {
				t.Errorf("Error() = %q, want it to contain %q", ne.Error(), tt.says)
			}
			if strings.Contains(ne.Error(), "Post \"") {
				t.Errorf("Error() should not quote the url.Error wrapper: %q", ne.Error())
			}
			if !errors.Is(ne, tt.err) {
				t.Error("the underlying error is not reachable through Unwrap")
			}
		})
	}
}

func TestHostPort(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.nfl.com/x":     "api.nfl.com:443",
		"http://127.0.0.1:8080/x":   "127.0.0.1:8080",
		"http://localhost/":         "localhost:80",
		"https://[::1]/identity/v3": "[::1]:443",
	} {
		u, _ := url.Parse(in)
		if got := hostPort(u); got != want {
			t.Errorf("hostPort(%s) = %s, want %s", in, got, want)
		}
	}
}
