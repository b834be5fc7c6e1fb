package device

// DetectLinux describes a Linux machine whose file system is at root ("/" for
// this machine; tests point it at fixtures under testdata). It reads
// root/etc/os-release, root/proc and root/sys, and never fails.
func DetectLinux(root string) Detection {
	var d Detection
	linuxModel(root, &d)
	d.Info.Version = DefaultVersion
	d.Sources.Version = versionSource
	linuxOS(root, &d)
	d.Network, d.NetworkSource = linuxNetwork(root)
	return d
}
