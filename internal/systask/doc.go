// Package systask runs DBackup's own scheduled backups, the system tasks:
//
//   - Config Backup exports the whole configuration with every secret (internal/configbackup),
//     the secrets sealed under a key derived from the chosen Encryption Profile's key rather than
//     a typed passphrase, so that whoever holds the profile key can import it into a fresh
//     instance with another ENCRYPTION_KEY.
//   - System Backup takes a consistent snapshot of the control-plane database: SQLite's
//     VACUUM INTO a temporary file in DATA_DIR, or pg_dump's custom format on PostgreSQL.
//
// Both are stored like job backups, through internal/backup (compressed, encrypted with the
// profile key in the chunked encfile format) with a sidecar, so the storage explorer lists them
// and `dbackup decrypt` opens them offline. After a successful run the task keeps the newest
// KeepLast of its own backups on its destination and deletes older ones; backups of jobs and of
// the other task are never touched.
//
// Each task's settings and last run live in one Setting row (key "systemTask.<task>", a JSON
// value). Every change is a compare-and-swap on that row's value, so the scheduler on several
// nodes claims each due instant exactly once, as internal/scheduler does for jobs; the claimed
// run is then worked on River's maintenance queue.
package systask
