// Package database opens DBackup's configuration database (embedded SQLite by default, or
// PostgreSQL), applies its versioned schema migrations, and writes new migrations when the ent
// schema changes.
//
// Migrations are plain SQL files in golang-migrate's layout, one folder per dialect under
// migrations/, computed by Atlas through ent (see Diff) and embedded into the binary. They run at
// every start; a database that is already current is left alone.
package database
