package database

import (
	"context"
	"database/sql"
	"fmt"

	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/dbackup/dbackup/ent/migrate"
	"github.com/dbackup/dbackup/internal/system"
)

// Diff writes a new migration named name into dir (a folder in golang-migrate's layout with an
// atlas.sum) when the ent schema differs from what the folder's migrations build. It replays the
// folder onto dev, which must be an empty database of dialect d, and writes nothing when the
// schema is current.
func Diff(ctx context.Context, d system.Dialect, dev *sql.DB, dir, name string) error {
	ldir, err := sqltool.NewGolangMigrateDir(dir)
	if err != nil {
		return fmt.Errorf("open migrations folder %s: %w", dir, err)
	}
	drv := (&DB{DB: dev, Dialect: d}).EntDriver()
	m, err := schema.NewMigrate(drv,
		schema.WithDir(ldir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(entDialect(d)),
		schema.WithFormatter(sqltool.GolangMigrateFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		return fmt.Errorf("prepare %s diff: %w", d, err)
	}
	if err := m.NamedDiff(ctx, name, entmigrate.Tables...); err != nil {
		return fmt.Errorf("diff %s schema: %w", d, err)
	}
	return nil
}
