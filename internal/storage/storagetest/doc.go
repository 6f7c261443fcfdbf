// Package storagetest is the conformance suite of storage.Storage. Every implementation's tests
// call Run, so that all destinations behave the same for the backup engine: atomic puts,
// ErrNotFound for missing objects, prefix listing, cancellation and concurrency.
// Implementations of storage.PartialRemover also call RunPartial.
package storagetest
