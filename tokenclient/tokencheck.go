package tokenclient

import "errors"

// CheckToken applies to a token read from anywhere else (a cache, a file)
// the rule a token from the server passes before anyone prints or stores
// it: visible ASCII only, so it cannot drive a terminal or add a header
// line. name says which token it is; the token is never quoted.
func CheckToken(name, v string) error {
	if p := tokenProblem(name, v); p != "" {
		return errors.New(p)
	}
	return nil
}
