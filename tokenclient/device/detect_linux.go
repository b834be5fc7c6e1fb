package device

// detect describes this Linux machine from the real /etc, /proc and /sys.
func detect() Detection {
	return DetectLinux("/")
}
