package curlimport

// MaxInput is the most text, in bytes, authdeck takes as one "copy as cURL"
// line: a real token call is a few kilobytes, and a bigger paste is a
// mistake that would only cost time and memory to parse.
const MaxInput = 1 << 20
