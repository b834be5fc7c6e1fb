package device

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// linuxModel sets Model to "desktop", what web clients send on every
// desktop OS (no public client sends "laptop"). The source says whether a
// system battery under root/sys/class/power_supply makes it a laptop;
// batteries with scope Device (a wireless mouse, a headset) do not count.
func linuxModel(root string, d *Detection) {
	const dir = "/sys/class/power_supply"
	entries, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		d.Info.Model = "desktop"
		d.Sources.Model = "no battery: " + dir + " is not readable"
		return
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Join(root, dir, name)
		if readTrim(filepath.Join(base, "type")) != "Battery" {
			continue
		}
		if strings.EqualFold(readTrim(filepath.Join(base, "scope")), "Device") {
			continue
		}
		d.Info.Model = "desktop"
		d.Sources.Model = "battery " + name + " in " + dir + ": a laptop, sent as desktop as web clients do"
		return
	}
	d.Info.Model = "desktop"
	d.Sources.Model = "no battery in " + dir
}

// readTrim returns the trimmed contents of a small file, or "" if unreadable.
func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
