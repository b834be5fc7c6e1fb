package profiles

import "testing"

func TestStartSaveAsAndPromptCancelled(t *testing.T) {
	t.Parallel()
	m := newPane(sample(), 80, 20)
	m.StartSaveAs()
	if !m.Busy() {
		t.Fatal("StartSaveAs did not open the prompt")
	}
	m, msgs := send(t, m, "esc")
	found := false
	for _, msg := range msgs {
		if _, ok := msg.(PromptCancelledMsg); ok {
			found = true
		}
	}
	if !found || m.Busy() {
		t.Fatalf("esc in the prompt: busy %v, messages %v", m.Busy(), msgs)
	}
	m.StartSaveAs()
	_, msgs = send(t, m, "fresh", "enter")
	if got := intents(msgs); len(got) != 1 || got[0] != (SaveAsMsg{Name: "fresh"}) {
		t.Fatalf("save as gave %v", got)
	}
}
