// Package retention decides which backups of one job on one destination to keep.
//
// It is pure logic: the caller lists the backups as Items, calls Plan with the destination's
// Policy, the job's time zone and the current time, and deletes what ToDelete returns. Plan
// never deletes a locked backup or the newest successful one, whatever the policy says, and a
// zero Policy keeps everything. The rules are described precisely in docs/retention.md.
package retention
