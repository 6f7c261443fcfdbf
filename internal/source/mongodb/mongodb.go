package mongodb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/dbackup/dbackup/internal/source"
)

// maxPoolSize is the number of connections: a source runs one test, listing, dump or restore at
// a time, and each of them one operation at a time.
const maxPoolSize = 2

// disconnectTimeout bounds Close: it waits for operations in flight, and a source's are short.
const disconnectTimeout = 5 * time.Second

// maxNameBytes is MongoDB's limit on the length of a database name (less than 64 bytes).
const maxNameBytes = 63

// systemDatabases are the server's own databases, which a backup of user data leaves out.
var systemDatabases = []string{"admin", "local", "config"}

// errClosed is the failure of every call after Close.
var errClosed = errors.New("the mongodb source is closed")

// Mongo is a MongoDB server. It connects on first use.
type Mongo struct {
	addr     string
	database string
	withUser bool
	opts     *options.ClientOptions
	watch    *watch

	mu     sync.Mutex
	client *mongo.Client
	closed bool
}

var _ source.Source = (*Mongo)(nil)

// New validates cfg (connerr.Config errors naming the field) and returns a source that has not
// connected yet. An empty or prefer TLS mode is disable (see Engine); an empty authentication
// database is admin.
func New(cfg source.Config) (*Mongo, error) {
	if cfg.TLSMode == "" || cfg.TLSMode == source.TLSPrefer {
		cfg.TLSMode = source.TLSDisable
	}
	if err := Engine.Validate(cfg); err != nil {
		return nil, err
	}
	authSource := cfg.Options[OptionAuthSource]
	if authSource == "" {
		authSource = defaultAuthSource
	}
	if err := checkName(OptionAuthSource, authSource); err != nil {
		return nil, err
	}
	if cfg.Database != "" {
		if err := checkName(source.FieldDatabase, cfg.Database); err != nil {
			return nil, err
		}
	}
	switch {
	case cfg.Username == "" && !cfg.Password.IsEmpty():
		return nil, source.ConfigError(source.FieldUsername, "enter the user the password belongs to, or clear the password",
			"a password needs a username")
	case cfg.Username != "" && cfg.Password.IsEmpty():
		// MongoDB's SCRAM users always have a password.
		return nil, source.ConfigError(source.FieldPassword, "enter the user's password, or clear the username for a server without access control",
			"a username needs a password")
	}
	tlsConf, err := cfg.TLSConfig(cfg.Host)
	if err != nil {
		return nil, err
	}
	timeout := cfg.ConnectTimeout()
	m := &Mongo{
		addr:     net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.PortOr(DefaultPort))),
		database: cfg.Database,
		withUser: cfg.Username != "",
		watch:    newWatch(),
	}
	m.opts = options.Client().
		SetHosts([]string{m.addr}).
		// One server, even a member of a replica set: the source backs up what it is pointed at.
		SetDirect(true).
		SetAppName("dbackup").
		SetDialer(dialer{tls: tlsConf, timeout: timeout}).
		SetConnectTimeout(timeout).
		// The dialer bounds TCP and TLS by timeout each; selection waits above their sum, so
		// that the heartbeat can say why a server is unreachable before selection gives up.
		SetServerSelectionTimeout(2*timeout + time.Second).
		SetServerMonitor(m.watch.monitor()).
		SetServerMonitoringMode(options.ServerMonitoringModePoll).
		// A connection test reports the first failure instead of retrying it.
		SetRetryReads(false).
		SetRetryWrites(false).
		SetMaxPoolSize(maxPoolSize)
	if m.withUser {
		m.opts.SetAuth(options.Credential{
			AuthSource:  authSource,
			Username:    cfg.Username,
			Password:    cfg.Password.Reveal(),
			PasswordSet: true,
		})
	}
	return m, nil
}

// checkName rejects a database name MongoDB does not allow, so that the server is not asked.
func checkName(field, name string) error {
	if len(name) > maxNameBytes || strings.ContainsAny(name, "/\\. \"$\x00") {
		return source.ConfigError(field, "use at most 63 characters, without spaces and /\\.\"$",
			"%s %q is not a valid MongoDB database name", field, name)
	}
	return nil
}

// Test connects, reads the version from buildInfo, checks that the configured database exists
// and times one ping.
func (m *Mongo) Test(ctx context.Context) (source.Info, error) {
	var info source.Info
	err := m.do(ctx, func(ctx context.Context, c *mongo.Client) error {
		admin := c.Database("admin")
		var build bson.M
		if err := admin.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&build); err != nil {
			return err
		}
		info.Version = version(build)
		if m.database != "" {
			names, err := c.ListDatabaseNames(ctx, bson.D{{Key: "name", Value: m.database}},
				options.ListDatabases().SetAuthorizedDatabases(true))
			if err != nil {
				return err
			}
			if !slices.Contains(names, m.database) {
				return fmt.Errorf("database %q: %w", m.database, errNoDatabase)
			}
		}
		start := time.Now()
		if err := admin.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
			return err
		}
		info.Latency = time.Since(start)
		return nil
	})
	if err != nil {
		return source.Info{}, source.Classify(ctx, "test mongodb "+m.addr, err, classify(m.withUser))
	}
	return info, nil
}

// version names the server from a buildInfo reply. FerretDB reports the MongoDB version it is
// compatible with as version, and its own as ferretdbVersion.
func version(build bson.M) string {
	v, _ := build["version"].(string)
	if fv, ok := build["ferretdbVersion"].(string); ok && fv != "" {
		return "FerretDB " + fv + " (MongoDB " + v + ")"
	}
	return "MongoDB " + v
}

// ListDatabases lists the databases the user may read, without the server's own, with their
// size on disk.
func (m *Mongo) ListDatabases(ctx context.Context) ([]source.Database, error) {
	var res mongo.ListDatabasesResult
	err := m.do(ctx, func(ctx context.Context, c *mongo.Client) error {
		var err error
		res, err = c.ListDatabases(ctx, bson.D{}, options.ListDatabases().SetAuthorizedDatabases(true))
		return err
	})
	if err != nil {
		return nil, source.Classify(ctx, "list databases on mongodb "+m.addr, err, classify(m.withUser))
	}
	dbs := make([]source.Database, 0, len(res.Databases))
	for _, spec := range res.Databases {
		if slices.Contains(systemDatabases, spec.Name) {
			continue
		}
		dbs = append(dbs, source.Database{Name: spec.Name, SizeBytes: spec.SizeOnDisk})
	}
	slices.SortFunc(dbs, func(a, b source.Database) int { return strings.Compare(a.Name, b.Name) })
	return dbs, nil
}

// Close disconnects the client. It may be called more than once.
func (m *Mongo) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	if m.client == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), disconnectTimeout)
	defer cancel()
	if err := m.client.Disconnect(ctx); err != nil {
		return fmt.Errorf("disconnect from mongodb %s: %w", m.addr, err)
	}
	return nil
}
