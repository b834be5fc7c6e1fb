//go:build !unix

package store

func isReadOnly(error) bool { return false }
