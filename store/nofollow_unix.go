//go:build unix

package store

import "syscall"

// openFlags are added to every open of a store file: never follow a
// symbolic link, and never block on a FIFO.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
