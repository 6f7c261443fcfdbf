// Package mysqltest gives tests their own database, and users, on the local MariaDB or MySQL
// server, dropped after the test. A missing server fails the test: scripts/test.sh starts it,
// and CI must not skip.
package mysqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DefaultAdminDSN is the local server's root user without a password, as on the development
// machines.
const DefaultAdminDSN = "root@tcp(127.0.0.1:3306)/"

// timeout bounds each administrative statement.
const timeout = 10 * time.Second

// AdminDSN returns MYSQL_TEST_DSN or DefaultAdminDSN.
func AdminDSN() string {
	if d := os.Getenv("MYSQL_TEST_DSN"); d != "" {
		return d
	}
	return DefaultAdminDSN
}

// AdminConfig returns AdminDSN parsed.
func AdminConfig(t testing.TB) *mysql.Config {
	t.Helper()
	cfg, err := mysql.ParseDSN(AdminDSN())
	if err != nil {
		t.Fatalf("mysqltest: MYSQL_TEST_DSN: %v", err)
	}
	return cfg
}

// NewDatabase creates a uniquely named, empty database (dbackup_test_<hex>) and returns its
// DSN for the admin user. The database is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	name := "dbackup_test_" + randomHex(6)
	exec(t, "CREATE DATABASE `"+name+"`")
	t.Cleanup(func() { cleanup(t, "DROP DATABASE IF EXISTS `"+name+"`") })
	cfg := AdminConfig(t)
	cfg.DBName = name
	return cfg.FormatDSN()
}

// NewUser creates a uniquely named user that may connect from anywhere with a random
// password and has no privileges at all, and returns its name and password. The user is dropped
// when the test ends.
func NewUser(t testing.TB) (user, password string) {
	t.Helper()
	user = "dbackup_test_" + randomHex(6)
	password = "pw-" + randomHex(12)
	exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'")
	t.Cleanup(func() { cleanup(t, "DROP USER IF EXISTS '"+user+"'@'%'") })
	return user, password
}

func exec(t testing.TB, stmt string) {
	t.Helper()
	db := admin(t)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("mysqltest: MariaDB/MySQL is not reachable at %s (%v); start it (scripts/test.sh does) or set MYSQL_TEST_DSN", AdminConfig(t).Addr, err)
	}
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("mysqltest: %v", err)
	}
}

func cleanup(t testing.TB, stmt string) {
	db := admin(t)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		t.Errorf("mysqltest: cleanup: %v", err)
	}
}

func admin(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", AdminDSN())
	if err != nil {
		t.Fatalf("mysqltest: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
