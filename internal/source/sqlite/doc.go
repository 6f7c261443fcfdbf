// Package sqlite is the SQLite source: a database file on the DBackup host, opened read-only
// through modernc.org/sqlite to check that it is a database and to read SQLite's version.
// Dumps are VACUUM INTO snapshots of the file; restores verify a copy and rename it over the
// target.
package sqlite
