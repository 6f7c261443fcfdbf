// Package queue is DBackup's durable job queue: River (github.com/riverqueue/river) on the
// configuration database — riversqlite on the embedded SQLite default, on its own connection
// pool limited to one connection, and River's database/sql driver on PostgreSQL. Backups and
// restores are queued here and worked by the Executions service; the queue survives restarts,
// and on PostgreSQL every node works from the same queue.
package queue
