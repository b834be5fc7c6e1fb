package device

// Preset is a named device info as a known client sends it.
type Preset struct {
	Name        string // short id, e.g. "web-windows10"
	Description string // one line for a picker
	Info        Info
}

// Presets returns the known clients, the public example first. "This
// machine" is not among them: it is Detect(), which callers add themselves.
// The slice is new on each call, so callers may change it.
//
// The web presets hold what the public web client derives from the browser's
// user agent. Browsers freeze parts of it, which is why web-macos says
// 10.15.7 and web-android says 10 whatever the real release.
func Presets() []Preset {
	return []Preset{
		{"web-windows10", "Chrome on Windows 10 (the identity API's own example)",
			Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}},
		{"web-macos", "Chrome on macOS (Chrome's user agent always reports 10.15.7)",
			Info{Model: "desktop", Version: "Chrome", OSName: "Mac OS", OSVersion: "10.15.7"}},
		{"web-linux", "Chrome on Linux (the user-agent parser reports the CPU, x86_64, as the version)",
			Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "x86_64"}},
		{"web-firefox-windows", "Firefox on Windows 10 or 11",
			Info{Model: "desktop", Version: "Firefox", OSName: "Windows", OSVersion: "10"}},
		{"web-android", "Chrome on an Android phone (reduced user agent reports Android 10)",
			Info{Model: "mobile", Version: "Chrome", OSName: "Android", OSVersion: "10"}},
		{"ios", "Safari on an iPhone",
			Info{Model: "mobile", Version: "Mobile Safari", OSName: "iOS", OSVersion: "17.5"}},
		{"android-tv", "Browser on an Android TV set",
			Info{Model: "smarttv", Version: "Chrome", OSName: "Android", OSVersion: "11"}},
	}
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
