package postgres

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// maxConns is the pool size: a source runs one test or listing at a time, and dumps use
// pg_dump, not this pool.
const maxConns = 2

// Postgres is a PostgreSQL server. It connects on first use.
type Postgres struct {
	addr    string // host:port, for messages
	tlsMode string
	timeout time.Duration
	pool    *pgxpool.Pool
	close   sync.Once

	// cfg is the validated configuration, for the client tools that dumps and restores run.
	cfg   source.Config
	tools toolFinder
}

var _ source.Source = (*Postgres)(nil)

// New validates cfg (connerr.Config errors naming the field) and returns a source that has not
// connected yet. An empty TLS mode is prefer, an empty database "postgres".
func New(cfg source.Config) (*Postgres, error) {
	if cfg.TLSMode == "" {
		cfg.TLSMode = source.TLSPrefer
	}
	if cfg.Database == "" {
		cfg.Database = defaultDatabase
	}
	if err := Engine.Validate(cfg); err != nil {
		return nil, err
	}
	tlsConf, err := cfg.TLSConfig(cfg.Host)
	if err != nil {
		return nil, err
	}
	p := &Postgres{
		addr:    net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.PortOr(DefaultPort))),
		tlsMode: cfg.TLSMode,
		timeout: cfg.ConnectTimeout(),
		cfg:     cfg,
		tools:   defaultToolFinder(),
	}
	// The URL carries no password and no TLS settings: both are set on the parsed config, so
	// that neither can leak through a parse error nor depend on files pgx would read.
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(cfg.Username),
		Host:     p.addr,
		Path:     "/" + cfg.Database,
		RawQuery: url.Values{"sslmode": {"disable"}, "application_name": {"dbackup"}}.Encode(),
	}
	pcfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, source.ConfigError(source.FieldHost, "check the host, port, username and database", "%v", err)
	}
	pcfg.MaxConns = maxConns
	cc := pcfg.ConnConfig
	cc.ConnectTimeout = p.timeout
	cc.Password = cfg.Password.Reveal()
	cc.TLSConfig = tlsConf
	cc.Fallbacks = nil
	if cfg.TLSMode == source.TLSPrefer {
		cc.Fallbacks = []*pgconn.FallbackConfig{{Host: cc.Host, Port: cc.Port}}
	}
	// NewWithConfig does not connect while MinConns is 0.
	p.pool, err = pgxpool.NewWithConfig(context.Background(), pcfg)
	if err != nil {
		return nil, source.ConfigError(source.FieldHost, "check the settings", "%v", err)
	}
	return p, nil
}

// Test connects, reads server_version and times one SELECT 1.
func (p *Postgres) Test(ctx context.Context) (source.Info, error) {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return source.Info{}, p.connectError(ctx, err)
	}
	defer conn.Release()
	op := "test postgres " + p.addr
	var version string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		return source.Info{}, source.Classify(ctx, op, err, classify)
	}
	start := time.Now()
	// The simple protocol makes this exactly one round trip.
	if _, err := conn.Conn().PgConn().Exec(ctx, "SELECT 1").ReadAll(); err != nil {
		return source.Info{}, source.Classify(ctx, op, err, classify)
	}
	return source.Info{Version: "PostgreSQL " + version, Latency: time.Since(start)}, nil
}

// listQuery lists the databases the user may connect to, without templates and databases that
// refuse connections. The oid forms of the functions return NULL, rather than failing, for a
// database dropped while the query runs.
const listQuery = `
SELECT datname, COALESCE(pg_database_size(oid), -1)
FROM pg_database
WHERE NOT datistemplate AND datallowconn AND COALESCE(has_database_privilege(oid, 'CONNECT'), false)
ORDER BY datname`

// ListDatabases lists the databases a backup can include, with their sizes.
func (p *Postgres) ListDatabases(ctx context.Context) ([]source.Database, error) {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, p.connectError(ctx, err)
	}
	defer conn.Release()
	op := "list databases on postgres " + p.addr
	rows, err := conn.Query(ctx, listQuery)
	if err != nil {
		return nil, source.Classify(ctx, op, err, classify)
	}
	defer rows.Close()
	var dbs []source.Database
	for rows.Next() {
		var db source.Database
		if err := rows.Scan(&db.Name, &db.SizeBytes); err != nil {
			return nil, source.Classify(ctx, op, err, classify)
		}
		dbs = append(dbs, db)
	}
	if err := rows.Err(); err != nil {
		return nil, source.Classify(ctx, op, err, classify)
	}
	return dbs, nil
}

// Close closes the pool's connections. It may be called more than once.
func (p *Postgres) Close() error {
	p.close.Do(p.pool.Close)
	return nil
}

// connectError classifies a failed connection. When TLS is mandatory and nothing else explains
// the failure, it asks the server whether it accepts TLS at all, because pgx reports a refusal
// with an error that can only be told apart by its text.
func (p *Postgres) connectError(ctx context.Context, err error) error {
	op := "connect to postgres " + p.addr
	cerr := source.Classify(ctx, op, err, classify)
	if connerr.KindOf(cerr) != connerr.Other || ctx.Err() != nil || !source.TLSMandatory(p.tlsMode) {
		return cerr
	}
	if accepts, perr := acceptsTLS(ctx, p.addr, p.timeout); perr == nil && !accepts {
		return connerr.New(connerr.TLS, op, fmt.Errorf("the server refused TLS: %w", err),
			"enable ssl on the server, or set TLS mode to prefer or disable")
	}
	return cerr
}
