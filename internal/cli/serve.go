package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/frontend"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/buildinfo"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/logging"
	"github.com/dbackup/dbackup/internal/queue"
	"github.com/dbackup/dbackup/internal/scheduler"
	"github.com/dbackup/dbackup/server"
)

const keyHelp = "The system key that seals every stored credential comes from the environment only, never from a flag:\n" +
	"  ENCRYPTION_KEY or ENCRYPTION_KEY_FILE          64 hex characters (openssl rand -hex 32)\n" +
	"  ENCRYPTION_KEY_PREVIOUS or ..._PREVIOUS_FILE   older keys during a rotation\n"

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run the DBackup server: the web interface and the GraphQL API, and this node's share of the work",
		Description: keyHelp +
			"A first start without a key and without a database generates DATA_DIR/encryption.key; copy it somewhere safe.",
		Flags: append(append(databaseFlags(),
			&cli.StringFlag{
				Name:    "listen",
				Usage:   "HTTP address to bind, HOST:PORT or :PORT",
				Value:   server.DefaultListen,
				Sources: cli.EnvVars("LISTEN"),
			},
			&cli.StringFlag{
				Name:    "session-lifetime",
				Usage:   "how long a sign-in lasts however active, such as 720h",
				Value:   account.DefaultSessionLifetime.String(),
				Sources: cli.EnvVars("SESSION_LIFETIME"),
			},
			&cli.StringFlag{
				Name:    "session-idle-timeout",
				Usage:   "how long an unused sign-in lasts, such as 168h",
				Value:   account.DefaultIdleTimeout.String(),
				Sources: cli.EnvVars("SESSION_IDLE_TIMEOUT"),
			},
		), nodeFlags()...),
		Action: func(ctx context.Context, c *cli.Command) error {
			cfg, opts, err := nodeConfig(c)
			if err != nil {
				return err
			}
			if cfg.SessionLifetime, err = positiveDuration(c.String("session-lifetime"), "SESSION_LIFETIME"); err != nil {
				return err
			}
			if cfg.SessionIdleTimeout, err = positiveDuration(c.String("session-idle-timeout"), "SESSION_IDLE_TIMEOUT"); err != nil {
				return err
			}
			cfg.Listen = c.String("listen")
			opts.Dist = frontend.Dist()
			return server.Run(ctx, cfg, opts)
		},
	}
}

func workerCommand() *cli.Command {
	return &cli.Command{
		Name:  "worker",
		Usage: "run a worker node without HTTP: it works queued backups, restores, retention and notifications and fires schedules",
		Description: "Several nodes share one PostgreSQL database (DATABASE_URL=postgres://…): run `dbackup serve` on one or\n" +
			"more of them for the web interface and `dbackup worker` on the others. Every node needs the same ENCRYPTION_KEY.\n" + keyHelp,
		Flags: append(databaseFlags(), nodeFlags()...),
		Action: func(ctx context.Context, c *cli.Command) error {
			cfg, opts, err := nodeConfig(c)
			if err != nil {
				return err
			}
			cfg.Worker = true
			return server.Run(ctx, cfg, opts)
		},
	}
}

// nodeFlags are the settings of every node, serving or not.
func nodeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name:    "base-url",
			Usage:   "the address people use to reach DBackup, such as https://backup.example.com (links in notifications)",
			Sources: cli.EnvVars("BASE_URL"),
		},
		&cli.BoolFlag{
			Name:    "encryption-key-strict",
			Usage:   "refuse to start when ENCRYPTION_KEY does not match the database, instead of starting degraded",
			Sources: cli.EnvVars("ENCRYPTION_KEY_STRICT"),
		},
		&cli.StringFlag{
			Name:    "sso-auto-redirect",
			Usage:   "id or name of a single sign-on provider the sign-in page goes to at once (/login?local=1 shows the page)",
			Sources: cli.EnvVars("SSO_AUTO_REDIRECT"),
		},
		&cli.StringFlag{
			Name:    "node-name",
			Usage:   "this node's name in executions (default: the host name)",
			Sources: cli.EnvVars("NODE_NAME"),
		},
		&cli.IntFlag{
			Name:    "workers",
			Usage:   "how many backups and restores run at once on this node",
			Value:   queue.DefaultWorkers,
			Sources: cli.EnvVars("WORKERS"),
		},
		&cli.IntFlag{
			Name:    "source-concurrency",
			Usage:   "how many backups and restores may use one database server at once, across all nodes",
			Value:   server.DefaultSourceConcurrency,
			Sources: cli.EnvVars("SOURCE_CONCURRENCY"),
		},
		&cli.StringFlag{
			Name:    "scheduler-interval",
			Usage:   "how often this node looks for scheduled runs that are due (a run starts at most this late)",
			Value:   scheduler.DefaultInterval.String(),
			Sources: cli.EnvVars("SCHEDULER_INTERVAL"),
		},
		&cli.StringFlag{
			Name:    "schedule-min-interval",
			Usage:   "the shortest @every schedule a job may have",
			Value:   time.Minute.String(),
			Sources: cli.EnvVars("SCHEDULE_MIN_INTERVAL"),
		},
		&cli.StringFlag{
			Name:    "stale-after",
			Usage:   "how long a run may go without a heartbeat before another node fails it as interrupted (at least 5s)",
			Value:   execution.DefaultStaleAfter.String(),
			Sources: cli.EnvVars("STALE_AFTER"),
		},
		&cli.StringFlag{
			Name:    "log-level",
			Usage:   "debug, info, warn or error",
			Value:   "info",
			Sources: cli.EnvVars("LOG_LEVEL"),
		},
	}
}

// nodeConfig reads the settings every node has.
func nodeConfig(c *cli.Command) (server.Config, server.Options, error) {
	level, err := logging.ParseLevel(c.String("log-level"))
	if err != nil {
		return server.Config{}, server.Options{}, &server.ConfigError{Var: "LOG_LEVEL", Value: c.String("log-level"), Err: errors.New("want debug, info, warn or error")}
	}
	cfg := server.Config{
		DatabaseURL:     c.String("database-url"),
		DataDir:         c.String("data-dir"),
		BaseURL:         c.String("base-url"),
		SSOAutoRedirect: c.String("sso-auto-redirect"),
		KeyStrict:       c.Bool("encryption-key-strict"),
		Node:            c.String("node-name"),
		Workers:         int(c.Int("workers")),
	}
	if cfg.SourceConcurrency = int(c.Int("source-concurrency")); cfg.SourceConcurrency < 1 {
		return cfg, server.Options{}, &server.ConfigError{Var: "SOURCE_CONCURRENCY", Value: fmt.Sprint(cfg.SourceConcurrency), Err: errors.New("want a whole number of at least 1")}
	}
	if cfg.Workers < 1 {
		return cfg, server.Options{}, &server.ConfigError{Var: "WORKERS", Value: fmt.Sprint(cfg.Workers), Err: errors.New("want a whole number of at least 1")}
	}
	if cfg.SchedulerInterval, err = positiveDuration(c.String("scheduler-interval"), "SCHEDULER_INTERVAL"); err != nil {
		return cfg, server.Options{}, err
	}
	if cfg.ScheduleMinInterval, err = positiveDuration(c.String("schedule-min-interval"), "SCHEDULE_MIN_INTERVAL"); err != nil {
		return cfg, server.Options{}, err
	}
	if cfg.StaleAfter, err = positiveDuration(c.String("stale-after"), "STALE_AFTER"); err != nil {
		return cfg, server.Options{}, err
	}
	if cfg.StaleAfter < 5*time.Second {
		return cfg, server.Options{}, &server.ConfigError{Var: "STALE_AFTER", Value: c.String("stale-after"), Err: errors.New("want at least 5s: runs send a heartbeat every second")}
	}
	return cfg, server.Options{Version: buildinfo.Version(), Log: logging.New(os.Stderr, level)}, nil
}

// positiveDuration parses a duration setting such as 720h, naming the variable when it is not.
func positiveDuration(v, name string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, &server.ConfigError{Var: name, Value: v, Err: errors.New("want a positive duration such as 720h, 90m or 30m")}
	}
	return d, nil
}
