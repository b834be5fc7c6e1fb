package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

var keyPreviewKind = tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt}

// clipboardOf is what cmd puts on the clipboard, "" when nothing.
func clipboardOf(cmd tea.Cmd) string {
	for _, msg := range runCmds(cmd, 200*time.Millisecond) {
		if strings.Contains(fmt.Sprintf("%T", msg), "setClipboardMsg") {
			return fmt.Sprint(msg)
		}
	}
	return ""
}

// TestRefreshIsFirstClassInThePreview: after ctrl+r the preview shows the
// /token/refresh request (redacted) and u copies it as curl; alt+r goes
// back to the issue request; ctrl+s shows the issue request again.
func TestRefreshIsFirstClassInThePreview(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{respond: respondOK}), 120, 40, true)
	if _, cmd := updateCmd(m, keyPreviewKind); cmd == nil || !strings.Contains(m.status, "no refresh token") {
		t.Fatalf("alt+r without a refresh token: %q", m.status)
	}
	m = press(t, m, keyCtrlS)
	if strings.Contains(m.preview.Content(), "/token/refresh") {
		t.Fatal("the preview shows the refresh request after ctrl+s")
	}
	m = press(t, m, keyCtrl('r'))
	if !strings.Contains(m.status, "token refreshed") {
		t.Fatalf("refresh: %q", m.status)
	}
	prev := m.preview.Content()
	if !strings.Contains(prev, "/token/refresh") || !strings.Contains(prev, "HTTP request · refresh") {
		t.Fatalf("the preview does not show the refresh request after ctrl+r:\n%s", prev)
	}
	if strings.Contains(prev, testRefresh) || strings.Contains(prev, testSecret) {
		t.Fatal("the refresh preview shows a secret")
	}
	m.focus = focusResult
	m, cmd := updateCmd(m, keyRune('u'))
	curl := clipboardOf(cmd)
	if !strings.Contains(curl, "/token/refresh") || !strings.Contains(curl, "refreshToken") {
		t.Fatalf("u after a refresh did not copy the refresh request:\n%s", curl)
	}
	if strings.Contains(curl, testRefresh) || strings.Contains(curl, testSecret) {
		t.Fatal("the refresh curl is not redacted")
	}
	m = press(t, m, keyPreviewKind)
	_, cmd = updateCmd(m, keyRune('u'))
	if curl := clipboardOf(cmd); strings.Contains(curl, "/token/refresh") || curl == "" {
		t.Fatalf("after alt+r u copied:\n%s", curl)
	}
	if strings.Contains(m.preview.Content(), "/token/refresh") {
		t.Fatal("alt+r did not switch the preview back to the issue request")
	}
	m = press(t, m, keyPreviewKind)
	if !strings.Contains(m.preview.Content(), "/token/refresh") {
		t.Fatal("alt+r did not switch the preview to the refresh request")
	}
	m.focus = focusForm
	m = press(t, m, keyCtrlS)
	if strings.Contains(m.preview.Content(), "/token/refresh") {
		t.Fatal("ctrl+s did not bring the issue request back to the preview")
	}
}
