// Package source defines the databases DBackup backs up: one small interface that every engine
// (PostgreSQL, MySQL/MariaDB, SQLite, Redis, MongoDB) implements in its own package under
// internal/source/<engine>, and one conformance suite (sourcetest).
package source

import (
	"context"
	"time"

	"github.com/dbackup/dbackup/internal/vault"
)

// Config is what every engine is configured with; each engine reads the parts it needs and
// rejects what it cannot use (connerr.Config naming the field).
type Config struct {
	Engine   string
	Host     string
	Port     int // 0 means the engine's default
	Username string
	Password vault.Secret
	// Database is the default database, or the file path for SQLite.
	Database string
	// Options are engine-specific settings that are not secret.
	Options map[string]string
	// TLSMode is disable, prefer, require, verify_ca or verify_full.
	TLSMode       string
	TLSCACert     string // PEM
	TLSClientCert string // PEM
	TLSClientKey  vault.Secret
}

// Info is what a connection test learns.
type Info struct {
	// Version is the server's version string, such as "PostgreSQL 15.19".
	Version string
	// Latency is the time of one round trip after connecting.
	Latency time.Duration
}

// Database is one database on the server.
type Database struct {
	Name string
	// SizeBytes is the database's size as the server reports it, or -1 when unknown.
	SizeBytes int64
}

// Source is one configured database server.
type Source interface {
	// Test connects, authenticates and measures one round trip. Failures are *connerr.Error.
	Test(ctx context.Context) (Info, error)
	// ListDatabases lists the databases a backup can include, without system databases.
	ListDatabases(ctx context.Context) ([]Database, error)
	// Close releases connections.
	Close() error
}
