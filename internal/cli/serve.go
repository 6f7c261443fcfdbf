package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/dbackup/dbackup/internal/queue"
	"github.com/dbackup/dbackup/internal/scheduler"
	"os"
	"time"

	"github.com/dbackup/dbackup/internal/account"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/frontend"
	"github.com/dbackup/dbackup/internal/buildinfo"
	"github.com/dbackup/dbackup/internal/logging"
	"github.com/dbackup/dbackup/server"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run the DBackup server: the web interface and the GraphQL API",
		Description: "The system key that seals every stored credential comes from the environment only, never from a flag:\n" +
			"  ENCRYPTION_KEY or ENCRYPTION_KEY_FILE          64 hex characters (openssl rand -hex 32)\n" +
			"  ENCRYPTION_KEY_PREVIOUS or ..._PREVIOUS_FILE   older keys during a rotation\n" +
			"A first start without a key and without a database generates DATA_DIR/encryption.key; copy it somewhere safe.",
		Flags: append(databaseFlags(),
			&cli.StringFlag{
				Name:    "listen",
				Usage:   "HTTP address to bind, HOST:PORT or :PORT",
				Value:   server.DefaultListen,
				Sources: cli.EnvVars("LISTEN"),
			},
			&cli.StringFlag{
				Name:    "base-url",
				Usage:   "the address people use to reach DBackup, such as https://backup.example.com",
				Sources: cli.EnvVars("BASE_URL"),
			},
			&cli.BoolFlag{
				Name:    "encryption-key-strict",
				Usage:   "refuse to start when ENCRYPTION_KEY does not match the database, instead of starting degraded",
				Sources: cli.EnvVars("ENCRYPTION_KEY_STRICT"),
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
			&cli.StringFlag{
				Name:    "scheduler-interval",
				Usage:   "how often this node looks for scheduled runs that are due (a run starts at most this late)",
				Value:   scheduler.DefaultInterval.String(),
				Sources: cli.EnvVars("SCHEDULER_INTERVAL"),
			},
			&cli.StringFlag{
				Name:    "log-level",
				Usage:   "debug, info, warn or error",
				Value:   "info",
				Sources: cli.EnvVars("LOG_LEVEL"),
			},
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			level, err := logging.ParseLevel(c.String("log-level"))
			if err != nil {
				return &server.ConfigError{Var: "LOG_LEVEL", Value: c.String("log-level"), Err: errors.New("want debug, info, warn or error")}
			}
			lifetime, err := positiveDuration(c.String("session-lifetime"), "SESSION_LIFETIME")
			if err != nil {
				return err
			}
			idle, err := positiveDuration(c.String("session-idle-timeout"), "SESSION_IDLE_TIMEOUT")
			if err != nil {
				return err
			}
			tick, err := positiveDuration(c.String("scheduler-interval"), "SCHEDULER_INTERVAL")
			if err != nil {
				return err
			}
			cfg := server.Config{
				SchedulerInterval:  tick,
				SessionLifetime:    lifetime,
				SessionIdleTimeout: idle,
				DatabaseURL:        c.String("database-url"),
				DataDir:            c.String("data-dir"),
				Listen:             c.String("listen"),
				BaseURL:            c.String("base-url"),
				KeyStrict:          c.Bool("encryption-key-strict"),
				Node:               c.String("node-name"),
				Workers:            int(c.Int("workers")),
			}
			if cfg.Workers < 1 {
				return &server.ConfigError{Var: "WORKERS", Value: fmt.Sprint(cfg.Workers), Err: errors.New("want a whole number of at least 1")}
			}
			return server.Run(ctx, cfg, server.Options{
				Version: buildinfo.Version(),
				Dist:    frontend.Dist(),
				Log:     logging.New(os.Stderr, level),
			})
		},
	}
}

// positiveDuration parses a duration setting such as 720h, naming the variable when it is not.
func positiveDuration(v, name string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, &server.ConfigError{Var: name, Value: v, Err: errors.New("want a positive duration such as 720h, 90m or 30m")}
	}
	return d, nil
}
