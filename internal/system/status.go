package system

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Dialect names the SQL database that holds DBackup's configuration.
type Dialect string

// The dialects DBackup runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// MarshalGQL writes the dialect as the GraphQL enum value (SQLITE, POSTGRES).
func (d Dialect) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(strings.ToUpper(string(d))))
}

// UnmarshalGQL reads the GraphQL enum value.
func (d *Dialect) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("DatabaseDialect must be a string, got %T", v)
	}
	switch Dialect(strings.ToLower(s)) {
	case SQLite, Postgres:
		*d = Dialect(strings.ToLower(s))
		return nil
	}
	return fmt.Errorf("DatabaseDialect %q: want SQLITE or POSTGRES", s)
}

// Status is a snapshot of the instance's state.
type Status struct {
	Version   string         `json:"version"`
	StartedAt time.Time      `json:"startedAt"`
	Database  DatabaseStatus `json:"database"`
}

// DatabaseStatus is the state of the configuration database.
type DatabaseStatus struct {
	Dialect       Dialect `json:"dialect"`
	Reachable     bool    `json:"reachable"`
	SchemaVersion string  `json:"schemaVersion"`
	// Error says why the database is unreachable; empty when it is reachable.
	Error string `json:"-"`
}

// Database is what the status needs from the configuration database.
type Database interface {
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// SchemaVersion returns the newest applied migration version.
	SchemaVersion(ctx context.Context) (string, error)
}
