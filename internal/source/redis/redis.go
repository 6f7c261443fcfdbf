package redis

import (
	"bufio"
	"context"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/dbackup/dbackup/internal/source"
)

// poolSize is the number of connections: a source runs one test or listing at a time.
const poolSize = 2

// Redis is a Redis or Valkey server. It connects on first use.
type Redis struct {
	addr   string
	db     int
	client *redis.Client
	// dial, username and password open the raw replication connection of Dump, with
	// the same TLS and ACL user as client.
	dial     func(ctx context.Context, network, addr string) (net.Conn, error)
	username string
	password string
	close    sync.Once
	err      error
}

var _ source.Source = (*Redis)(nil)

// New validates cfg (connerr.Config errors naming the field) and returns a source that has not
// connected yet. An empty or prefer TLS mode is disable (see Engine); Database is the number of
// the logical database the connection test selects, 0 when empty.
func New(cfg source.Config) (*Redis, error) {
	if cfg.TLSMode == "" || cfg.TLSMode == source.TLSPrefer {
		cfg.TLSMode = source.TLSDisable
	}
	if err := Engine.Validate(cfg); err != nil {
		return nil, err
	}
	r := &Redis{addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.PortOr(DefaultPort)))}
	if cfg.Database != "" {
		r.db, _ = strconv.Atoi(cfg.Database) // Validate checked that it is a number
	}
	tlsConf, err := cfg.TLSConfig(cfg.Host)
	if err != nil {
		return nil, err
	}
	timeout := cfg.ConnectTimeout()
	r.dial, r.username, r.password = dialer(tlsConf, timeout), cfg.Username, cfg.Password.Reveal()
	r.client = redis.NewClient(&redis.Options{
		Addr:     r.addr,
		Username: r.username,
		Password: r.password,
		// The database is selected by Test, so that a missing one is told apart from a failed
		// connection.
		DB: 0,
		// RESP2 and plain AUTH work on every Redis and Valkey version.
		Protocol:                 2,
		DisableIdentity:          true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
		Dialer:                   r.dial,
		// The dialer bounds TCP and TLS by timeout each; the pool's bound of one attempt is
		// above their sum, so that the dialer can tell a slow handshake from a caller giving up.
		DialTimeout:           2*timeout + time.Second,
		ContextTimeoutEnabled: true,
		// A connection test reports the first failure instead of retrying it.
		DialerRetries: 1,
		MaxRetries:    -1,
		PoolSize:      poolSize,
	})
	return r, nil
}

// Test connects, reads the version from INFO server, selects the configured database and times
// one PING.
func (r *Redis) Test(ctx context.Context) (source.Info, error) {
	conn := r.client.Conn()
	defer conn.Close()
	info, err := conn.Info(ctx, "server").Result()
	if err != nil {
		return source.Info{}, source.Classify(ctx, "connect to redis "+r.addr, err, classify)
	}
	op := "test redis " + r.addr
	if r.db != 0 {
		if err := conn.Select(ctx, r.db).Err(); err != nil {
			return source.Info{}, source.Classify(ctx, op, err, classifySelect(r.db))
		}
	}
	start := time.Now()
	if err := conn.Ping(ctx).Err(); err != nil {
		return source.Info{}, source.Classify(ctx, op, err, classify)
	}
	return source.Info{Version: version(info), Latency: time.Since(start)}, nil
}

// version names the server from INFO server: Valkey adds valkey_version, and keeps
// redis_version at the Redis version it is compatible with.
func version(info string) string {
	fields := infoFields(info)
	if v := fields["valkey_version"]; v != "" {
		return "Valkey " + v
	}
	return "Redis " + fields["redis_version"]
}

// ListDatabases lists the logical databases that hold keys, as "db0", "db1", … (see the
// package documentation).
func (r *Redis) ListDatabases(ctx context.Context) ([]source.Database, error) {
	info, err := r.client.Info(ctx, "keyspace").Result()
	if err != nil {
		return nil, source.Classify(ctx, "list databases on redis "+r.addr, err, classify)
	}
	return keyspaceDatabases(info), nil
}

// keyspaceDatabases returns the databases of an INFO keyspace reply in numeric order.
func keyspaceDatabases(info string) []source.Database {
	var numbers []int
	for name := range infoFields(info) {
		if digits, ok := strings.CutPrefix(name, "db"); ok {
			if n, err := strconv.Atoi(digits); err == nil {
				numbers = append(numbers, n)
			}
		}
	}
	slices.Sort(numbers)
	dbs := make([]source.Database, 0, len(numbers))
	for _, n := range numbers {
		dbs = append(dbs, source.Database{Name: "db" + strconv.Itoa(n), SizeBytes: -1})
	}
	return dbs
}

// Close closes the client's connections. It may be called more than once.
func (r *Redis) Close() error {
	r.close.Do(func() { r.err = r.client.Close() })
	return r.err
}

// infoFields parses the "name:value" lines of an INFO reply; "#" lines are section titles.
func infoFields(info string) map[string]string {
	fields := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, value, ok := strings.Cut(line, ":"); ok {
			fields[name] = value
		}
	}
	return fields
}
