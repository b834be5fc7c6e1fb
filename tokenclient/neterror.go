package tokenclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// classify turns a transport error into a *NetworkError in plain words.
// addr is the host:port of the endpoint; op is "send" for errors before
// the response and "read" for errors while reading the body.
func classify(err error, addr, op string) *NetworkError {
	ne := &NetworkError{Op: op, Addr: addr, Err: err}
	var (
		dnsErr     *net.DNSError
		opErr      *net.OpError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
		alertErr   tls.AlertError
		verifyErr  *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &opErr) && opErr.Op == "proxyconnect":
		ne.Op = "proxy"
		ne.text = fmt.Sprintf("could not reach the proxy (from HTTPS_PROXY/HTTP_PROXY) on the way to %s: %s", addr, innermost(opErr.Err))
	case errors.As(err, &dnsErr):
		ne.Op = "dns"
		switch {
		case dnsErr.IsNotFound:
			ne.text = fmt.Sprintf("could not find host %s (DNS: no such host); check the endpoint URL", dnsErr.Name)
		case dnsErr.IsTimeout:
			ne.text = fmt.Sprintf("DNS lookup of %s timed out; check your network or DNS settings", dnsErr.Name)
		default:
			ne.text = fmt.Sprintf("DNS lookup of %s failed: %s", dnsErr.Name, dnsErr.Err)
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		ne.Op = "connect"
		ne.text = "connection refused by " + addr + "; is the server running and the port right?"
	case errors.Is(err, syscall.ECONNRESET):
		ne.text = "connection reset by " + addr
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		ne.Op = "connect"
		ne.text = "no route to " + addr + "; check your network connection"
	case errors.As(err, &unknownCA):
		ne.Op = "tls"
		ne.text = "certificate signed by unknown authority: " + addr + " presented a certificate no trusted CA issued"
	case errors.As(err, &hostErr):
		ne.Op = "tls"
		ne.text = fmt.Sprintf("the certificate of %s is not valid for that name (%s)", addr, hostErr.Error())
	case errors.As(err, &invalidErr):
		ne.Op = "tls"
		ne.text = fmt.Sprintf("the certificate of %s is not valid: %s", addr, invalidErr.Error())
	case errors.As(err, &verifyErr):
		ne.Op = "tls"
		ne.text = fmt.Sprintf("the certificate of %s could not be verified: %s", addr, innermost(verifyErr.Err))
	case errors.As(err, &recordErr) || strings.Contains(err.Error(), "HTTP response to HTTPS client"):
		ne.Op = "tls"
		ne.text = addr + " did not answer with TLS; if it is a plain-HTTP server, use an http:// endpoint"
	case errors.As(err, &alertErr) || strings.Contains(err.Error(), "tls: "):
		ne.Op = "tls"
		ne.text = fmt.Sprintf("TLS handshake with %s failed (%s); authdeck requires TLS 1.2 or newer", addr, innermost(err))
	case isTimeout(err):
		ne.Op = "timeout"
		ne.text = "timed out talking to " + addr
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if op == "read" {
			ne.text = addr + " closed the connection before the whole response arrived"
		} else {
			ne.text = addr + " closed the connection without answering"
		}
	default:
		if op == "read" {
			ne.text = fmt.Sprintf("reading the response from %s failed: %s", addr, innermost(err))
		} else {
			ne.text = fmt.Sprintf("request to %s failed: %s", addr, innermost(err))
		}
	}
	return ne
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// innermost is the text of the error without the url.Error wrapper (which
// quotes the method and URL, noise in a message that already names them).
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// hostPort is the host:port a URL talks to, with the scheme's default port.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "443"
	if u.Scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
