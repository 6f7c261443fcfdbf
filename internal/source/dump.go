package source

import (
	"context"
	"io"
)

// DumpInfo is what a dump learned about what it wrote.
type DumpInfo struct {
	// Format names the dump's format, such as "pg_dump-custom", "mysqldump-sql" or
	// "sqlite-file"; restores check it.
	Format string
	// ServerVersion is the server's version at dump time, such as "PostgreSQL 15.19".
	ServerVersion string
	// ToolVersion is the client tool's version, such as "pg_dump (PostgreSQL) 15.19"; empty
	// when no external tool is used.
	ToolVersion string
}

// Dumper streams a logical backup of one database. Engines implement it on their Source.
type Dumper interface {
	// Dump writes a backup of database db to w as it is produced, never buffering the whole
	// dump. It honours ctx: cancelling stops the dump tool. Failures are *connerr.Error where
	// the cause is classifiable, and a missing client tool is named with how to install it.
	Dump(ctx context.Context, db string, w io.Writer) (DumpInfo, error)
}

// RestoreOptions tune a restore.
type RestoreOptions struct {
	// Format is the DumpInfo.Format of the backup; a mismatch is refused before anything runs.
	Format string
	// Create creates database db when it does not exist.
	Create bool
}

// Restorer reads a backup written by the engine's Dumper into database db.
type Restorer interface {
	// Restore reads r to its end into db. It is called only after the backup was verified
	// (authenticated and checksummed), so it may apply as it reads.
	Restore(ctx context.Context, db string, r io.Reader, opts RestoreOptions) error
}
