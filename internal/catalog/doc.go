// Package catalog manages what DBackup is configured with: sources, destinations, encryption
// profiles and jobs. It validates input against each engine's or kind's field specs, keeps
// secrets write-only (a secret left out of an update keeps its stored value, an empty one
// clears it; only their state is ever read back), refuses to delete what a job still uses,
// runs connection tests, and writes an audit entry for every change.
//
// Writes go through the caller's context, so ent privacy checks the caller's permission on
// every row; reads that a write needs (the jobs using a source, the stored secrets of the row
// being tested) run privileged once the caller has been authorized for the write.
package catalog
