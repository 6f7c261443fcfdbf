// Package pgtest gives tests their own PostgreSQL database on the local server, dropped after
// the test. A missing server fails the test: scripts/test.sh starts it, and CI must not skip.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver
)

// DefaultAdminURL is the local server with trust authentication, as on the development machines.
const DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL returns PG_TEST_URL or DefaultAdminURL.
func AdminURL() string {
	if u := os.Getenv("PG_TEST_URL"); u != "" {
		return u
	}
	return DefaultAdminURL
}

// NewDatabase creates a uniquely named, empty database and returns its URL. The database is
// dropped, with any connections still open to it, when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("pgtest: PostgreSQL is not reachable at %s (%v); start it (scripts/test.sh does) or set PG_TEST_URL", AdminURL(), err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "dbackup_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatalf("pgtest: PG_TEST_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Drop drops the database behind dbURL at once, closing its connections, to test outages.
func Drop(t testing.TB, dbURL string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + u.Path[1:] + " WITH (FORCE)"); err != nil {
		t.Fatalf("pgtest: drop: %v", err)
	}
}
