package form

import (
	"encoding/json"
	"reflect"
	"slices"
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
		JSONStyle: tokenclient.JSONPython, Order: []string{"peacockUUID", "clientKey"}, RefreshOrder: []string{"refreshToken", "uid"},
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

// Removing an extra field in the form takes it out of the loaded field
// orders as well, leaving the rest of them as loaded, so that the request
// is still one a profile keeps.
func TestRemovingAFieldTakesItOutOfTheOrder(t *testing.T) {
	f := New(styles.New(true, false))
	f.SetSize(60, 40)
	f.Load("https://api.example.com", tokenclient.TokenRequest{
		ClientKey: "key-1234567890abcdef", DeviceID: testID,
		Fields:       []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"abc"`)}, {Name: "mvpdIdp", Value: json.RawMessage(`"x"`)}},
		Order:        []string{"peacockUUID", "clientKey", "mvpdIdp"},
		RefreshOrder: []string{"refreshToken", "peacockUUID"},
	})
	f.FocusField(FieldRow) // the first extra field row: peacockUUID
	if !f.RemoveRow() {
		t.Fatal("the focus is not on a list row")
	}
	got := f.Request()
	if !slices.Equal(got.Order, []string{"clientKey", "mvpdIdp"}) || !slices.Equal(got.RefreshOrder, []string{"refreshToken"}) {
		t.Errorf("after removing peacockUUID: order %v, refresh order %v", got.Order, got.RefreshOrder)
	}
}
