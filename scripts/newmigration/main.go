// Command newmigration writes the SQL migrations that bring DBackup's configuration database from
// the last committed migration to the current ent schema, for SQLite and PostgreSQL.
//
//	go run ./scripts/newmigration add_sources
//	go run ./scripts/newmigration -rehash    # after hand-editing a new, uncommitted migration
//
// SQLite is diffed in memory; PostgreSQL needs a server to diff against (DEV_POSTGRES_URL,
// default postgres://postgres@127.0.0.1:5432/postgres), on which a scratch database is created
// and dropped.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"
	"os"
	"regexp"

	"ariga.io/atlas/sql/migrate"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/system"
)

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func main() {
	log.SetFlags(0)
	if len(os.Args) == 2 && os.Args[1] == "-rehash" {
		for _, dir := range []string{"internal/database/migrations/sqlite", "internal/database/migrations/postgres"} {
			if err := rehash(dir); err != nil {
				log.Fatal(err)
			}
		}
		fmt.Println("atlas.sum rewritten for both dialects")
		return
	}
	if len(os.Args) != 2 || !validName.MatchString(os.Args[1]) {
		log.Fatal("usage: go run ./scripts/newmigration NAME   (NAME in snake_case, e.g. add_sources)")
	}
	name := os.Args[1]
	ctx := context.Background()

	dev, err := sql.Open("sqlite", "file:dev?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		log.Fatal(err)
	}
	dev.SetMaxOpenConns(1) // every connection to :memory: would be a different database
	if err := database.Diff(ctx, system.SQLite, dev, "internal/database/migrations/sqlite", name); err != nil {
		log.Fatal(err)
	}

	base := os.Getenv("DEV_POSTGRES_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres"
	}
	if err := withScratchPostgres(ctx, base, func(db *sql.DB) error {
		return database.Diff(ctx, system.Postgres, db, "internal/database/migrations/postgres", name)
	}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("migrations written under internal/database/migrations/ (nothing new if the schema was current)")
}

func withScratchPostgres(ctx context.Context, base string, fn func(*sql.DB) error) error {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "dbackup_dev_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("create scratch database (is PostgreSQL running? set DEV_POSTGRES_URL): %w", err)
	}
	defer admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("DEV_POSTGRES_URL: %w", err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// rehash rewrites dir's atlas.sum after a new migration was edited by hand.
func rehash(dir string) error {
	ldir, err := migrate.NewLocalDir(dir)
	if err != nil {
		return err
	}
	sum, err := ldir.Checksum()
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return migrate.WriteSumFile(ldir, sum)
}
