// Package cli defines the dbackup command line: one subcommand per file, each with --help, and
// every flag mirrored by an environment variable.
package cli

import (
	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/buildinfo"
)

// New returns the root command.
func New() *cli.Command {
	return &cli.Command{
		Name:    "dbackup",
		Usage:   "self-hosted manager for database backups",
		Version: buildinfo.Version(),
		Description: "DBackup backs up PostgreSQL, MySQL/MariaDB, MongoDB, SQLite and Redis to local disk, S3 and SFTP,\n" +
			"encrypted, on a schedule, with a web interface and a GraphQL API.\n\n" +
			"Start the server with `dbackup serve`; every flag can also be given as the environment variable in [brackets].",
		Commands: []*cli.Command{
			serveCommand(),
			workerCommand(),
			keyCommand(),
			userCommand(),
			decryptCommand(),
			recoverCommand(),
			configCommand(),
			versionCommand(),
		},
	}
}
