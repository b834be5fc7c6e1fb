// Package tokens is the token workflow over a profile store: a profile's
// token from the cache, else refreshed, else newly issued, with one request
// at a time per profile and every request recorded in the history; the one
// rule for which tokens are cached under a profile; and the check of many
// profiles at once.
//
// It returns facts (the requests made, whether the token came from the
// cache, the kind of outcome) and never words for a screen, with one
// exception kept apart in words.go: the few labels that the CLI and the
// console both show, so that both say the same thing.
//
// The store (package store) keeps the files and their invariants; this
// package is the only one above it that sends.
package tokens
