package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// batchRows is how many rows one INSERT … SELECT generate_series adds: large enough that the
// server, not the round trips, sets the pace, small enough to stop close to the asked size.
const batchRows = 250_000

// words is the vocabulary of the generated text: random picks from a small vocabulary compress
// like prose, the md5 suffix like identifiers, so the ratio is neither trivial nor hopeless.
const words = `{alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel,india,juliet,kilo,lima,mike,
november,oscar,papa,quebec,romeo,sierra,tango,uniform,victor,whiskey,xray,yankee,zulu,order,
invoice,customer,shipped,pending,refund,payment,account,balance,transfer,warehouse,delivery,
address,street,city,country,product,quantity,discount,coupon,review,rating,support,ticket,
urgent,closed,opened,manager,report,monthly,weekly,daily,error,warning,notice,debug}`

// server is the PostgreSQL server under test and the databases the run created.
type server struct {
	cfg         config
	version     string
	major       int
	toolVersion string
	created     []string
}

func (c config) connString(db string) string {
	u := url.URL{Scheme: "postgres", User: url.User(c.user), Host: c.host + ":" + strconv.Itoa(c.port),
		Path: "/" + db, RawQuery: "sslmode=disable"}
	return u.String()
}

// toolArgs are the arguments of pg_dump or pg_restore that connect to db, followed by more.
func (c config) toolArgs(db string, more ...string) []string {
	return append([]string{"-h", c.host, "-p", strconv.Itoa(c.port), "-U", c.user, "--no-password", "-d", db}, more...)
}

// query runs sql on a connection of its own to db, so that a cancelled statement elsewhere
// cannot leave it broken, and scans the first row into dest when there is one.
func (c config) query(ctx context.Context, db, sql string, dest ...any) error {
	conn, err := pgx.Connect(ctx, c.connString(db))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", db, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if len(dest) == 0 {
		_, err = conn.Exec(ctx, sql)
	} else {
		err = conn.QueryRow(ctx, sql).Scan(dest...)
	}
	return err
}

func openServer(ctx context.Context, cfg config) (*server, error) {
	s := &server{cfg: cfg}
	err := cfg.query(ctx, "postgres", "SELECT version(), current_setting('server_version_num')::int / 10000", &s.version, &s.major)
	if err != nil {
		return nil, err
	}
	s.version = strings.SplitN(s.version, " on ", 2)[0]
	out, err := exec.CommandContext(ctx, s.tool("pg_dump"), "--version").Output()
	s.toolVersion = strings.TrimSpace(string(out))
	return s, err
}

// tool returns the client program of the server's major version where Debian installs it, as
// internal/source/postgres picks it, and otherwise the one on PATH.
func (s *server) tool(name string) string {
	p := filepath.Join("/usr/lib/postgresql", strconv.Itoa(s.major), "bin", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return name
}

// newDatabase creates a database dbackup_bench_<random> and remembers it for dropAll.
func (s *server) newDatabase(ctx context.Context) (string, error) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "dbackup_bench_" + hex.EncodeToString(b[:])
	s.created = append(s.created, name)
	return name, s.cfg.query(ctx, "postgres", "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
}

// dropAll drops every database newDatabase named, forcing out any connection left behind.
func (s *server) dropAll(ctx context.Context) error {
	var errs []error
	for _, db := range s.created {
		errs = append(errs, s.cfg.query(ctx, "postgres", "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()+" WITH (FORCE)"))
	}
	s.created = nil
	return errors.Join(errs...)
}

// generate fills db with the events table until the database holds at least mb MB, then
// vacuums it so that no variant pays for setting hint bits.
func (s *server) generate(ctx context.Context, db string, mb int) (rows, size int64, err error) {
	conn, err := pgx.Connect(ctx, s.cfg.connString(db))
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, `CREATE TABLE events (
		id bigint PRIMARY KEY, created_at timestamptz NOT NULL, account int NOT NULL,
		amount numeric(12,2) NOT NULL, qty int NOT NULL, note text NOT NULL);
		CREATE INDEX events_created_at ON events (created_at)`)
	if err != nil {
		return 0, 0, err
	}
	pick := "w[1 + floor(random() * cardinality(w))::int]"
	note := strings.Repeat(pick+" || ' ' || ", 8) + "md5(random()::text)"
	insert := `INSERT INTO events SELECT g,
		timestamptz '2020-01-01' + g * interval '7 seconds' + random() * interval '5 seconds',
		floor(random() * 100000)::int, round((random() * 10000)::numeric, 2), floor(random() * 100)::int,
		` + note + `
		FROM generate_series($1::bigint, $2::bigint) g, (SELECT '` + words + `'::text[] AS w) v`
	for size < int64(mb)<<20 {
		if _, err := conn.Exec(ctx, insert, rows+1, rows+batchRows); err != nil {
			return 0, 0, fmt.Errorf("generate: %w", err)
		}
		rows += batchRows
		if err := conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err != nil {
			return 0, 0, err
		}
	}
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) events"); err != nil {
		return 0, 0, err
	}
	err = conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&size)
	return rows, size, err
}

// countRows returns the number of rows of events in db.
func (s *server) countRows(ctx context.Context, db string) (n int64, err error) {
	return n, s.cfg.query(ctx, db, "SELECT count(*) FROM events", &n)
}
