// Package sourcetest is the conformance suite of source.Source: every engine's tests call Run
// against a real server, so that all engines behave alike for connection tests and listings.
package sourcetest
