package server

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/database"
)

// Defaults of the serve configuration.
const (
	DefaultDataDir = "./data"
	DefaultListen  = ":3000"
	// DefaultSourceConcurrency keeps one backup or restore per database server at a time, so
	// that backups never pile up on a production server.
	DefaultSourceConcurrency = 1
)

// Config is what `dbackup serve` needs; each field mirrors an environment variable.
type Config struct {
	// DatabaseURL is DATABASE_URL; empty means sqlite://DATA_DIR/dbackup.db.
	DatabaseURL string
	// DataDir is DATA_DIR: where the embedded database, keys and local state live.
	DataDir string
	// Listen is LISTEN: the address the HTTP server binds, such as :3000.
	Listen string
	// BaseURL is BASE_URL: the address people use to reach DBackup, such as https://backup.example.com.
	BaseURL string
	// SSOAutoRedirect is SSO_AUTO_REDIRECT: the id or name of an enabled single sign-on provider
	// the sign-in page sends people to at once (/login?local=1 still shows the page).
	SSOAutoRedirect string
	// KeyStrict is ENCRYPTION_KEY_STRICT: refuse to start when ENCRYPTION_KEY does not match the
	// database, instead of starting degraded.
	KeyStrict bool
	// SessionLifetime is SESSION_LIFETIME and SessionIdleTimeout SESSION_IDLE_TIMEOUT; zero
	// means the account service's defaults.
	SessionLifetime    time.Duration
	SessionIdleTimeout time.Duration
	// Node is NODE_NAME: this node's name in executions; the host name when empty.
	Node string
	// Workers is WORKERS: how many backups and restores this node runs at once; 0 means the
	// queue's default.
	Workers int
	// SchedulerInterval is SCHEDULER_INTERVAL: how often this node looks for due scheduled runs;
	// 0 means the scheduler's default.
	SchedulerInterval time.Duration
	// ScheduleMinInterval is SCHEDULE_MIN_INTERVAL: the shortest @every schedule; 0 keeps
	// schedule.MinEvery.
	ScheduleMinInterval time.Duration
	// StaleAfter is STALE_AFTER: how long a run may go without a heartbeat before another node
	// fails it as interrupted; 0 means the execution service's default.
	StaleAfter time.Duration
	// SourceConcurrency is SOURCE_CONCURRENCY: how many runs may use one source at once, across
	// the nodes; 0 means DefaultSourceConcurrency.
	SourceConcurrency int
	// Worker runs the node without HTTP (dbackup worker): Listen, BaseURL's web interface and
	// the session settings are unused.
	Worker bool
	// Getenv reads ENCRYPTION_KEY and its companions, which have no flags so that keys never
	// show in a process list; nil means os.Getenv.
	Getenv func(string) string
}

// ConfigError is a start-up error caused by one setting. Its message names the variable and the
// fix on one line.
type ConfigError struct {
	Var   string
	Value string
	Err   error
}

func (e *ConfigError) Error() string {
	msg := strings.Join(strings.Fields(e.Err.Error()), " ") // one line, whatever the cause printed
	if e.Value == "" {
		return e.Var + ": " + msg
	}
	return fmt.Sprintf("%s %q: %s", e.Var, e.Value, msg)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// databaseURL returns the effective DATABASE_URL.
func (c Config) databaseURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite://" + filepath.Join(c.DataDir, "dbackup.db")
}

// Validate checks every setting without touching the disk or the network.
func (c Config) Validate() (database.Config, error) {
	if c.DataDir == "" {
		return database.Config{}, &ConfigError{Var: "DATA_DIR", Err: errors.New("empty; set it to a writable folder such as ./data")}
	}
	if err := validateListen(c.Listen); err != nil && !c.Worker {
		return database.Config{}, &ConfigError{Var: "LISTEN", Value: c.Listen, Err: err}
	}
	if err := validateBaseURL(c.BaseURL); err != nil {
		return database.Config{}, &ConfigError{Var: "BASE_URL", Value: c.BaseURL, Err: err}
	}
	dbc, err := database.ParseURL(c.databaseURL())
	if err != nil {
		// The value is not echoed: a PostgreSQL URL may hold a password.
		return database.Config{}, &ConfigError{Var: "DATABASE_URL", Err: err}
	}
	return dbc, nil
}

func validateListen(s string) error {
	const help = "want HOST:PORT or :PORT, such as :3000 or 127.0.0.1:3000"
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return errors.New(help)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errors.New("port must be a number from 0 to 65535; " + help)
	}
	return nil
}

func validateBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("want the address people use to reach DBackup, such as https://backup.example.com")
	}
	return nil
}

// prepareDataDir creates DATA_DIR and proves it is writable by writing and removing a file.
func prepareDataDir(dir string) error {
	fail := func(err error) error {
		return &ConfigError{Var: "DATA_DIR", Value: dir, Err: fmt.Errorf("not a writable folder (%v); set DATA_DIR to a folder this user can write, or fix its permissions", err)}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fail(err)
	}
	name := f.Name()
	_ = f.Close()
	if err := os.Remove(name); err != nil {
		return fail(err)
	}
	return nil
}
