package device

import (
	"encoding/base64"
	"fmt"
)

// Preset is a device info as a known public client sends it, and where
// that shape comes from.
type Preset struct {
	Name        string // short id, e.g. "web-windows"
	Description string // one line for a picker
	// Source names where the shape comes from (a public client's file, or
	// the contract). An invented preset says so here.
	Source string
	// Info is the device info decoded (standard keys, then Extra in order).
	Info Info
	// JSON is the device info JSON exactly as the client sends it; its key
	// order may differ from Info.JSON() (Android clients put model tenth).
	JSON string
	// Network is the networkType the client sends beside it.
	Network NetworkType
}

// DeviceInfo is the deviceInfo value to send: standard padded base64 of
// JSON, byte for byte what the client sends.
func (p Preset) DeviceInfo() string {
	return base64.StdEncoding.EncodeToString([]byte(p.JSON))
}

// The public clients the presets are copied from.
const (
	sourceContract = "the identity API contract (identity-api.yaml revision 2, deviceInfo example)"
	sourceYtDlp    = "yt-dlp, yt_dlp/extractor/nfl.py (NFLBaseIE._CLIENT_DATA, the NFL.com web client)"
	sourcePicks    = "solthoth/football-picks, scripts/fetch_nfl_schedule.py (DEVICE_INFO, a headless Chrome on macOS)"
	sourceEPlusTV  = "m0ngr31/EPlusTV, services/nfl-handler.ts"
)

// presetTable holds name, description, source, verbatim JSON and network.
var presetTable = []struct{ name, desc, source, json string }{
	{"web-example", "Chrome on Windows, the contract's example (web client, networkType other)", sourceContract,
		`{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10"}`},
	{"web-windows", "Chrome on Windows as the NFL.com web client sends it (osVersion 10.0, networkType other)", sourceYtDlp,
		`{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10.0"}`},
	{"web-macos", "headless Chrome on macOS, as a schedule script copied it from nfl.com (networkType other)", sourcePicks,
		`{"model":"desktop","osName":"macOS","osVersion":"10.15.7","version":"Chrome Headless"}`},
	{"android-phone", "NFL Android app on a Pixel 5, 16 keys (networkType wifi)", sourceEPlusTV + " (DEVICE_INFO)",
		`{"capabilities":{},"ctvDevice":"AndroidTV","diskCapacity":118550667264,"displayHeight":2340,"displayWidth":1080,"idfv":"unknown","isLocationEnabled":true,"manufacturer":"Google","memory":7824363520,"model":"Pixel_5","networkType":"wifi","osName":"Android","osVersion":"13","vendor":"google","version":"redfin","versionName":"59.0.29.1346644"}`},
	{"android-tv", "NFL Android TV app on an onn. 4K box, 16 keys (networkType wifi)", sourceEPlusTV + " (TV_DEVICE_INFO)",
		`{"capabilities":{},"ctvDevice":"AndroidTV","diskCapacity":6964142080,"displayHeight":2160,"displayWidth":3840,"idfv":"unknown","isLocationEnabled":true,"manufacturer":"onn","memory":2063581184,"model":"onn. 4K Streaming Box","networkType":"wifi","osName":"Android","osVersion":"12","vendor":"onn","version":"goldfish","versionName":"18.0.65.101385778"}`},
}

// Presets returns the known clients' device infos, the contract's example
// first, each with its Source. None is invented. "This machine" is not among them: it
// is Detect(), which callers add themselves. The slice is new on each call,
// so callers may change it.
//
// Web clients send networkType "other", Android clients "wifi" (the
// contract's description); the Android objects are kept in the key order
// the app sends (JSON.stringify order), which Preset.DeviceInfo reproduces.
func Presets() []Preset {
	out := make([]Preset, 0, len(presetTable))
	for _, row := range presetTable {
		info, err := Decode(base64.StdEncoding.EncodeToString([]byte(row.json)))
		if err != nil {
			panic(fmt.Sprintf("device: preset %s does not decode: %v", row.name, err))
		}
		network := NetworkOther
		if info.OSName == "Android" {
			network = NetworkWifi
		}
		out = append(out, Preset{Name: row.name, Description: row.desc, Source: row.source, Info: info, JSON: row.json, Network: network})
	}
	return out
}

// PresetByName returns the preset called name, and whether there is one.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}
