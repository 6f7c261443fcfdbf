// Package redis is the Redis (and Valkey) source: connection tests, the logical databases
// that hold keys, and backups, through go-redis with ACL users and TLS.
//
// A backup of Redis is an RDB snapshot of the whole server, so ListDatabases only tells which
// logical databases hold data: it returns "db0", "db1", … (the names INFO keyspace uses) for the
// databases with keys, in numeric order, with SizeBytes -1 because Redis reports memory per
// server, not per database. Empty databases are left out.
//
// Dump takes the snapshot over the replication protocol (SYNC) and streams it as it arrives;
// Restore flushes the target and replays each key of the snapshot with RESTORE, decoding the
// RDB as it streams (rdb.go). docs/redis-backups.md describes both and the manual restore.
package redis
