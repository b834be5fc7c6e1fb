//go:build !unix

package store

// openFlags are added to every open of a store file. Windows has no
// O_NOFOLLOW; store files are checked with Lstat before they are opened.
const openFlags = 0
