package tokenclient

import (
	"reflect"
	"testing"
)

// Equal compares every field of the request: a change to any one of them
// makes two requests differ (so a new field cannot be left out of the
// caching rule unnoticed).
func TestTokenRequestEqualSeesEveryField(t *testing.T) {
	base := validIssue()
	typ := reflect.TypeFor[TokenRequest]()
	for i := range typ.NumField() {
		changed := base
		f := reflect.ValueOf(&changed).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.New(f.Type().Elem()).Elem()))
		default:
			t.Fatalf("TokenRequest.%s is a %s: teach this test to change it", typ.Field(i).Name, f.Kind())
		}
		if base.Equal(changed) {
			t.Errorf("Equal does not compare TokenRequest.%s", typ.Field(i).Name)
		}
	}
	if typ.NumField() < 12 {
		t.Fatalf("checked %d fields, want at least 12", typ.NumField())
	}
}
