// Package guard holds the ent hooks that keep the built-in Admins group intact, whatever code
// path writes to the database: the Admins group cannot be deleted, renamed, lose its builtin
// flag or its permissions, and its last enabled member cannot leave it, be disabled or be
// deleted. The schema (ent/schema/hooks.go) installs them on Group and User, so they run for
// every client that imports ent/runtime.
//
// The package sits apart from internal/account because ent/schema imports it: it may depend on
// the generated ent package, but not on ent/runtime, which imports ent/schema.
package guard
