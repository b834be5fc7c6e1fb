package tokenclient

// Mask is what a hidden secret looks like. It has a fixed length so it
// does not reveal the length of the secret.
const Mask = "••••••••"

// MaskSecret hides a secret completely: "" stays "" (so a missing secret
// still shows as missing), anything else becomes Mask.
func MaskSecret(s string) string {
	if s == "" {
		return ""
	}
	return Mask
}

// maskKeyMinLen is the shortest key MaskKey shows the ends of; shorter keys
// would give away too much of themselves and are masked completely.
const maskKeyMinLen = 16

// MaskKey shortens an identifier for display, keeping the first and last
// four characters: "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g" → "4cFU…s04g". Keys
// shorter than 16 characters are masked completely.
func MaskKey(s string) string {
	r := []rune(s)
	if len(r) < maskKeyMinLen {
		return MaskSecret(s)
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}
