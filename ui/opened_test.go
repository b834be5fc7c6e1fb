package ui

import (
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// A profile without device info opens with an empty field (which detection
// fills), not the base64 of four empty strings; saved again it stays
// without device info.
func TestOpenedFromKeepsNoDeviceInfoEmpty(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	st.put(t, store.Profile{Name: "bare", Endpoint: testURL, ClientKey: testKey}, store.Secrets{ClientSecret: testSecret})
	p, err := st.load("bare")
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.DeviceInfo != "" {
		t.Fatalf("device info %q for a profile without any", p.Request.DeviceInfo)
	}
	if _, err := st.Update("bare", store.UpdateOptions{}, saveForm(formState{endpoint: p.Endpoint, req: p.Request})); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.load("bare"); again.Request.DeviceInfo != "" || !again.Request.Equal(p.Request) {
		t.Fatalf("after a save: %+v, want %+v", again.Request, p.Request)
	}
	// Device info given is kept.
	st.edit(t, "bare", func(p *store.Profile, _ *store.Secrets) {
		if err := p.SetDeviceInfoBase64(device.Encode(testDetection.Info)); err != nil {
			t.Fatal(err)
		}
	})
	if p, _ := st.load("bare"); p.Request.DeviceInfo != device.Encode(testDetection.Info) {
		t.Fatalf("device info %q", p.Request.DeviceInfo)
	}
}
