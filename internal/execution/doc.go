// Package execution runs backups and restores as Executions: it records each run (status,
// phase, progress per destination, sizes, checksum, log lines), hands the work to the durable job
// queue, does the work when the queue calls back, cancels runs on request, and at start-up fails
// runs that a crash left behind and removes their partial objects.
//
// The flow of a backup: RunJob creates a QUEUED Execution and enqueues it, outside any request
// transaction, and returns at once; a worker claims it (RUNNING), opens the source, the profile
// key and the destinations, streams dump ▶ compress ▶ encrypt ▶ destinations (internal/backup),
// records the checksum, writes each destination's sidecar last, and records a Backup per
// destination. A restore verifies the whole stored object first (SHA-256, every chunk
// authenticated, decompressed to the end) and only then streams it into the target.
package execution
