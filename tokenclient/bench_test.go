package tokenclient_test

import (
	"context"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// BenchmarkIssueFakeServer issues tokens against the in-process fake server
// over loopback: validation, request building, HTTP round trip on a kept-alive
// connection, the server's checks and JWT signing, and response parsing.
func BenchmarkIssueFakeServer(b *testing.B) {
	srv := fakeservertest.New(b, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	req := demoRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Issue(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepareIssue builds the request the preview renders and Send sends.
func BenchmarkPrepareIssue(b *testing.B) {
	c := tokenclient.New(tokenclient.Options{})
	req := demoRequest()
	b.ReportAllocs()
	for b.Loop() {
		if p := c.PrepareIssue(req); len(p.Body) == 0 {
			b.Fatal("empty body")
		}
	}
}

// BenchmarkPreviewText is what the preview pane does on every keystroke:
// prepare, redact and render.
func BenchmarkPreviewText(b *testing.B) {
	c := tokenclient.New(tokenclient.Options{})
	req := demoRequest()
	b.ReportAllocs()
	for b.Loop() {
		if s := c.PrepareIssue(req).Redacted().HTTP(); s == "" {
			b.Fatal("empty preview")
		}
	}
}
