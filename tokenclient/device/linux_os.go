package device

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// unknownVersion is the OSVersion used when no version could be found.
const unknownVersion = "unknown"

// linuxOS fills OSName and OSVersion from os-release, falling back to the
// kernel release.
func linuxOS(root string, d *Detection) {
	d.Info.OSName = "Linux"
	d.Sources.OSName = "running on Linux"
	fields, relPath := readOSRelease(root)
	if relPath != "" {
		distro := fields["NAME"]
		key := "NAME"
		if distro == "" {
			distro, key = fields["ID"], "ID"
		}
		if distro != "" {
			d.Sources.OSName = "Linux: " + distro + " (" + key + " in " + relPath + ")"
		} else {
			d.Sources.OSName = "Linux: " + relPath + " names no distribution"
		}
	}
	if v := fields["VERSION_ID"]; v != "" {
		d.Info.OSVersion = v
		d.Sources.OSVersion = "VERSION_ID in " + relPath
		return
	}
	missing := "no os-release in /etc or /usr/lib"
	if relPath != "" {
		missing = "no VERSION_ID in " + relPath
	}
	if b, err := os.ReadFile(filepath.Join(root, "proc/sys/kernel/osrelease")); err == nil {
		if k := strings.TrimSpace(string(b)); k != "" {
			d.Info.OSVersion = k
			d.Sources.OSVersion = "kernel release in /proc/sys/kernel/osrelease (" + missing + ")"
			return
		}
	}
	d.Info.OSVersion = unknownVersion
	d.Sources.OSVersion = "not found: " + missing + " and no /proc/sys/kernel/osrelease"
}

// readOSRelease parses root/etc/os-release (or root/usr/lib/os-release) and
// returns its fields and the path it read, shown relative to root; the path
// is "" when neither file exists.
func readOSRelease(root string) (map[string]string, string) {
	for _, rel := range []string{"etc/os-release", "usr/lib/os-release"} {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			continue
		}
		return parseOSRelease(b), "/" + rel
	}
	return map[string]string{}, ""
}

// parseOSRelease reads KEY=value lines, with values optionally quoted as in
// a shell (os-release(5)); comments and malformed lines are skipped.
func parseOSRelease(b []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == "" {
			continue
		}
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			if v[0] == '"' {
				if uq, err := strconv.Unquote(v); err == nil {
					v = uq
				} else {
					v = v[1 : len(v)-1]
				}
			} else {
				v = v[1 : len(v)-1]
			}
		}
		out[k] = strings.TrimSpace(v)
	}
	return out
}
