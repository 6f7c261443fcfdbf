// Package mongodb is the MongoDB source: connection tests, database listings, dumps and
// restores through the official Go driver, against one server (a standalone, or one member of a
// replica set, in a direct connection) with SCRAM users and TLS.
//
// MongoDB speaks TLS from the first byte or not at all, as Redis does, so TLS is done by the
// package's own dialer, which bounds the handshake and marks its failures as TLS failures. The
// driver waits for its server selection timeout before it reports an unreachable server; the
// package instead watches the driver's heartbeats and reports their first failure (a refused
// port, a name that does not resolve, a failed handshake) at once.
//
// ListDatabases leaves out admin, local and config, the server's own databases, and reports
// each database's sizeOnDisk.
//
// Dump and Restore need no mongodump: they stream a database as DBackup's own archive of
// length-prefixed BSON frames (Format, described in docs/mongodb-archive.md): a header, each
// collection's options and indexes followed by its documents, and an end frame with counts, so
// that a cut archive is told from a whole one.
package mongodb
