package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/server"
)

// Exit codes of `dbackup key check` and `dbackup key rotate`, documented in their --help, so a
// script can tell a wrong key from damaged secrets.
const (
	exitMismatch      = 3
	exitUndecryptable = 4
)

func keyCommand() *cli.Command {
	return &cli.Command{
		Name:  "key",
		Usage: "generate, check and rotate the system key (ENCRYPTION_KEY) that seals every stored credential",
		Description: "Keys come from the environment only, never from a flag, exactly as for `dbackup serve`:\n" +
			"  ENCRYPTION_KEY or ENCRYPTION_KEY_FILE          64 hex characters\n" +
			"  ENCRYPTION_KEY_PREVIOUS or ..._PREVIOUS_FILE   older keys during a rotation\n" +
			"See docs/key-rotation.md.",
		Commands: []*cli.Command{
			keyGenerateCommand(),
			keyCheckCommand(),
			keyRotateCommand(),
		},
	}
}

// databaseFlags are the flags of every command that uses the configuration database.
func databaseFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name:    "database-url",
			Usage:   "configuration database: sqlite://PATH or postgres://USER:PASSWORD@HOST:5432/DB (default: sqlite://DATA_DIR/dbackup.db)",
			Sources: cli.EnvVars("DATABASE_URL"),
		},
		&cli.StringFlag{
			Name:    "data-dir",
			Usage:   "folder for the embedded database, a generated encryption.key and local state",
			Value:   server.DefaultDataDir,
			Sources: cli.EnvVars("DATA_DIR"),
		},
	}
}

// openDatabase opens the configuration database named by --database-url and --data-dir and
// migrates it, so that the sealed columns walked by syskey exist. Errors are one line naming
// the variable, as serve's are.
func openDatabase(ctx context.Context, c *cli.Command) (*database.DB, error) {
	// Validate checks LISTEN and BASE_URL too; the default listen address always passes, so
	// only DATA_DIR and DATABASE_URL can fail here, with serve's messages.
	dbc, err := server.Config{
		DatabaseURL: c.String("database-url"),
		DataDir:     c.String("data-dir"),
		Listen:      server.DefaultListen,
	}.Validate()
	if err != nil {
		return nil, err
	}
	if err := database.Migrate(ctx, dbc, 0); err != nil {
		return nil, &server.ConfigError{Var: "DATABASE_URL", Err: err}
	}
	db, err := database.Open(ctx, dbc)
	if err != nil {
		return nil, &server.ConfigError{Var: "DATABASE_URL", Err: err}
	}
	return db, nil
}

// loadKeys loads the keys as serve does and refuses when there are none: the key commands never
// generate a key for a database.
func loadKeys(c *cli.Command) (syskey.Keys, error) {
	dataDir := c.String("data-dir")
	keys, err := syskey.LoadKeys(os.Getenv, dataDir)
	if err != nil {
		return syskey.Keys{}, err // one line naming the variable, from vault
	}
	for _, w := range keys.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	if keys.Keyring == nil {
		return syskey.Keys{}, &server.ConfigError{Var: vault.EnvKey, Err: fmt.Errorf(
			"no key: neither %s nor %s is set and %s does not exist; set the key the server uses",
			vault.EnvKey, vault.EnvKeyFile, filepath.Join(dataDir, vault.KeyFileName))}
	}
	return keys, nil
}

// openService opens the key service over db. keys always holds a keyring here, so Open never
// generates one.
func openService(ctx context.Context, db *database.DB, keys syskey.Keys, dataDir string) (*syskey.Service, error) {
	if keys.Keyring == nil {
		return nil, errors.New("internal error: no keyring") // loadKeys refuses this earlier
	}
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), keys, syskey.Options{DataDir: dataDir})
	if err != nil {
		return nil, fmt.Errorf("open key service: %w", err)
	}
	return sk, nil
}
