package device

// DefaultVersion is the client name put in Info.Version when nothing better
// is known: what the public web client sends.
const DefaultVersion = "Chrome"

// Detection is what Detect found about a machine: the device info to send,
// the network type of the default route, and, for display, where each value
// came from.
type Detection struct {
	Info          Info
	Sources       Sources
	Network       NetworkType
	NetworkSource string // e.g. "default route via wlan0 (wireless)" or why it is "other"
}

// Sources says, in plain words, where each detected Info value came from,
// e.g. "VERSION_ID in /etc/os-release" or "battery BAT0 in /sys/class/power_supply".
type Sources struct {
	Model     string
	Version   string
	OSName    string
	OSVersion string
}

// versionSource is the Sources.Version text for DefaultVersion.
const versionSource = "default: " + DefaultVersion + ", the client name the public web client sends"

// Detect describes this machine. It never fails: a value it cannot find gets
// a fallback, and its source says so. It reads files and may run a system
// command with a short timeout (macOS), so call it once and keep the result
// rather than calling it from a render loop.
func Detect() Detection {
	return detect()
}
