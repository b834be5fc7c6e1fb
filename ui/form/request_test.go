package form

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

// What Load puts in the form, Request gives back: every field of the
// request, so a new one cannot be left out of the form unnoticed.
func TestLoadAndRequestCarryEveryField(t *testing.T) {
	want := tokenclient.TokenRequest{
		ClientKey: "key-1234567890abcdef", ClientSecret: testSecret, DeviceID: testID,
		DeviceInfo:  device.Encode(device.Info{Model: "Pixel 9", Version: "15", OSName: "Android", OSVersion: "15.0.1"}),
		NetworkType: device.NetworkWifi, UID: "uid-1", UIDSignature: "c2lnbmF0dXJl", SignatureTimestamp: "1700000000",
		Fields:    []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"abc"`)}},
		Headers:   []tokenclient.Header{{Name: "X-Client", Value: "web"}},
		UserAgent: "agent/1", Encoding: tokenclient.EncodingForm,
	}
	w := reflect.ValueOf(want)
	for i := range w.NumField() {
		if w.Field(i).IsZero() {
			t.Fatalf("the request of this test leaves %s zero: give it a value", w.Type().Field(i).Name)
		}
	}
	f := New(styles.New(true, false))
	f.SetSize(60, 40)
	f.Load("https://api.example.com", want)
	g := reflect.ValueOf(f.Request())
	for i := range w.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("Load then Request loses %s: got %v, want %v", w.Type().Field(i).Name, g.Field(i), w.Field(i))
		}
	}
	if w.NumField() < 12 {
		t.Fatalf("compared %d fields, want at least 12", w.NumField())
	}
}
