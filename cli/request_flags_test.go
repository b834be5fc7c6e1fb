package cli

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/authdeck/authdeck/tokenclient"
)

// requestFlagExamples gives, for the JSON name of every TokenRequest field,
// command-line arguments that set it.
var requestFlagExamples = map[string][]string{
	"clientKey":          {"--client-key", "key-1"},
	"clientSecret":       {"--client-secret", "secret-1"},
	"deviceId":           {"--device-id", "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"},
	"deviceInfo":         {"--device-info", "eyJtb2RlbCI6IngifQ=="},
	"networkType":        {"--network-type", "wifi"},
	"uid":                {"--uid", "uid-1"},
	"uidSignature":       {"--uid-signature", "c2lnbmF0dXJl"},
	"signatureTimestamp": {"--signature-timestamp", "1700000000"},
	"fields":             {"--field", "peacockUUID=abc"},
	"headers":            {"--header", "X-Client: web"},
	"userAgent":          {"--user-agent", "agent/1"},
	"encoding":           {"--form"},
	// A client's JSON spacing and field orders have no flag of their own:
	// --preset carries them, with the rest of the client's shape.
	"jsonStyle":    {"--preset", "web-macos"},
	"order":        {"--preset", "web-windows"},
	"refreshOrder": {"--preset", "android-phone"},
}

// presetOf is the client preset an example names, if it is a --preset one.
func presetOf(t *testing.T, args []string) (tokenclient.ClientPreset, bool) {
	t.Helper()
	if len(args) != 2 || args[0] != "--preset" {
		return tokenclient.ClientPreset{}, false
	}
	p, ok := tokenclient.ClientPresetByName(args[1])
	if !ok {
		t.Fatalf("%v names no preset", args)
	}
	return p, true
}

// editFrom reads args as the request flags of one command line.
func editFrom(t *testing.T, args []string) requestEdit {
	t.Helper()
	var f requestFlags
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	edit, err := f.read(testApp(newCLI(t)), fs)
	if err != nil {
		t.Fatal(err)
	}
	return edit
}

// Every field of the request has a flag, and the one flags → request
// conversion that token, refresh and profiles save share carries it onto
// an empty request and over a profile's value, changing nothing else.
func TestEveryRequestFieldHasAFlagThatCarriesIt(t *testing.T) {
	typ := reflect.TypeFor[tokenclient.TokenRequest]()
	profile := reflect.ValueOf(tokenclient.TokenRequest{
		ClientKey: "saved-key", ClientSecret: "saved-secret", DeviceID: "saved-id", DeviceInfo: "c2F2ZWQ=",
		NetworkType: "other", UID: "saved-uid", UIDSignature: "c2F2ZWQ=", SignatureTimestamp: "1",
		Fields:  []tokenclient.Field{{Name: "saved", Value: []byte(`1`)}},
		Headers: []tokenclient.Header{{Name: "X-Saved", Value: "1"}}, UserAgent: "saved/1", Encoding: tokenclient.EncodingJSON,
		JSONStyle: "saved", Order: []string{"saved", "clientKey"}, RefreshOrder: []string{"refreshToken", "saved"},
	})
	checked := 0
	for i := range typ.NumField() {
		sf := typ.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if profile.Field(i).IsZero() {
			t.Errorf("the saved request of this test leaves %s zero: give it a value", sf.Name)
		}
		args, ok := requestFlagExamples[name]
		if !ok {
			t.Errorf("TokenRequest.%s (%s) has no flag example here: give it a flag in requestFlags, carry it in requestEdit.apply and add it", sf.Name, name)
			continue
		}
		if _, ok := flagForField[name]; !ok {
			t.Errorf("flagForField has no flag for %s: its validation problems would not name the fix", name)
		}
		edit := editFrom(t, args)
		if preset, ok := presetOf(t, args); ok {
			checkPresetCarries(t, edit, preset, profile.Interface().(tokenclient.TokenRequest), i)
			checked++
			continue
		}

		var empty requestInput
		edit.apply(&empty)
		got := reflect.ValueOf(empty.req)
		for j := range typ.NumField() {
			if set := !got.Field(j).IsZero(); set != (j == i) {
				t.Errorf("%v on an empty request: %s set = %v", args, typ.Field(j).Name, set)
			}
		}

		over := requestInput{req: profile.Interface().(tokenclient.TokenRequest)}
		edit.apply(&over)
		got = reflect.ValueOf(over.req)
		for j := range typ.NumField() {
			same := reflect.DeepEqual(got.Field(j).Interface(), profile.Field(j).Interface())
			if same != (j != i) {
				t.Errorf("%v over a profile's request: %s unchanged = %v", args, typ.Field(j).Name, same)
			}
		}
		checked++
	}
	if checked != typ.NumField() || checked < 12 {
		t.Fatalf("checked %d of %d fields", checked, typ.NumField())
	}
}

// checkPresetCarries checks a --preset edit: on an empty request and over
// the saved one it gives exactly what the preset's Apply gives (the
// client's whole shape, nothing else), and field i is set by it and
// differs from the saved value.
func checkPresetCarries(t *testing.T, edit requestEdit, preset tokenclient.ClientPreset, saved tokenclient.TokenRequest, i int) {
	t.Helper()
	typ := reflect.TypeFor[tokenclient.TokenRequest]()
	for _, base := range []tokenclient.TokenRequest{{}, saved} {
		want := base
		want.Fields, want.Headers = slices.Clone(base.Fields), slices.Clone(base.Headers)
		preset.Apply(&want, tokenclient.CallIssue)
		in := requestInput{req: base}
		edit.apply(&in)
		if !reflect.DeepEqual(in.req, want) {
			t.Errorf("--preset %s: got %+v, want %+v", preset.Name, in.req, want)
		}
		f := reflect.ValueOf(in.req).Field(i)
		if f.IsZero() || reflect.DeepEqual(f.Interface(), reflect.ValueOf(base).Field(i).Interface()) {
			t.Errorf("--preset %s does not set %s over %+v", preset.Name, typ.Field(i).Name, base)
		}
	}
}
