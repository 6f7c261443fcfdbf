package mysql

import (
	"context"
	"database/sql"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dbackup/dbackup/internal/source"
)

// maxConns is the pool size: a source runs one test or listing at a time, and dumps use
// mysqldump, not this pool.
const maxConns = 2

// MySQL is a MySQL or MariaDB server. It connects on first use.
type MySQL struct {
	name  string // the engine, for messages
	addr  string
	cfg   source.Config // for the client tools' option files
	db    *sql.DB
	close sync.Once
	err   error
}

var _ source.Source = (*MySQL)(nil)

// New validates cfg (connerr.Config errors naming the field) and returns a source that has not
// connected yet. cfg.Engine may be mysql, mariadb or empty (mysql). An empty TLS mode is prefer.
func New(cfg source.Config) (*MySQL, error) {
	eng := Engine
	if cfg.Engine == MariaDB.Name {
		eng = MariaDB
	}
	if cfg.TLSMode == "" {
		cfg.TLSMode = source.TLSPrefer
	}
	if err := eng.Validate(cfg); err != nil {
		return nil, err
	}
	tlsConf, err := cfg.TLSConfig(cfg.Host)
	if err != nil {
		return nil, err
	}
	m := &MySQL{name: eng.Name, addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.PortOr(DefaultPort))), cfg: cfg}
	mc := mysql.NewConfig()
	mc.Net = "tcp"
	mc.Addr = m.addr
	mc.User = cfg.Username
	mc.Passwd = cfg.Password.Reveal()
	mc.DBName = cfg.Database
	mc.Timeout = cfg.ConnectTimeout()
	// The configuration is set on this connector rather than registered under a name with
	// mysql.RegisterTLSConfig: the driver's registry is global and would outlive the source.
	mc.TLS = tlsConf
	mc.AllowFallbackToPlaintext = cfg.TLSMode == source.TLSPrefer
	mc.Logger = discard{}
	connector, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, source.ConfigError(source.FieldHost, "check the host, port, username and database", "%v", err)
	}
	m.db = sql.OpenDB(connector)
	m.db.SetMaxOpenConns(maxConns)
	return m, nil
}

// Test connects, reads VERSION() and times one SELECT 1.
func (m *MySQL) Test(ctx context.Context) (source.Info, error) {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return source.Info{}, source.Classify(ctx, "connect to "+m.name+" "+m.addr, err, classify)
	}
	defer conn.Close()
	op := "test " + m.name + " " + m.addr
	var version string
	if err := conn.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return source.Info{}, source.Classify(ctx, op, err, classify)
	}
	start := time.Now()
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return source.Info{}, source.Classify(ctx, op, err, classify)
	}
	return source.Info{Version: product(version) + " " + version, Latency: time.Since(start)}, nil
}

// product tells MariaDB, whose VERSION() says so, from MySQL.
func product(version string) string {
	if strings.Contains(strings.ToLower(version), "mariadb") {
		return "MariaDB"
	}
	return "MySQL"
}

// listQuery lists the schemas the user can see except the server's own, with the data and
// index bytes of their tables. Views have no storage and are left out of the join, so that a
// schema without tables counts 0 tables, and a NULL sum over tables means the storage engines
// do not report sizes.
const listQuery = `
SELECT s.schema_name, COUNT(t.table_name), SUM(t.data_length + t.index_length)
FROM information_schema.schemata s
LEFT JOIN information_schema.tables t ON t.table_schema = s.schema_name AND t.table_type <> 'VIEW'
WHERE s.schema_name NOT IN ('information_schema', 'performance_schema', 'mysql', 'sys')
GROUP BY s.schema_name
ORDER BY s.schema_name`

// ListDatabases lists the databases a backup can include, with their sizes, -1 when unknown.
func (m *MySQL) ListDatabases(ctx context.Context) ([]source.Database, error) {
	op := "list databases on " + m.name + " " + m.addr
	rows, err := m.db.QueryContext(ctx, listQuery)
	if err != nil {
		return nil, source.Classify(ctx, op, err, classify)
	}
	defer rows.Close()
	var dbs []source.Database
	for rows.Next() {
		var (
			name   string
			tables int64
			size   sql.NullInt64
		)
		if err := rows.Scan(&name, &tables, &size); err != nil {
			return nil, source.Classify(ctx, op, err, classify)
		}
		db := source.Database{Name: name, SizeBytes: size.Int64}
		if tables > 0 && !size.Valid {
			db.SizeBytes = -1
		}
		dbs = append(dbs, db)
	}
	if err := rows.Err(); err != nil {
		return nil, source.Classify(ctx, op, err, classify)
	}
	return dbs, nil
}

// Close closes the pool's connections. It may be called more than once.
func (m *MySQL) Close() error {
	m.close.Do(func() { m.err = m.db.Close() })
	return m.err
}

// discard silences the driver's logger, which would print to standard error what the returned
// errors already say.
type discard struct{}

func (discard) Print(...any) {}
