package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
)

func userCommand() *cli.Command {
	return &cli.Command{
		Name:  "user",
		Usage: "create users and reset passwords directly in the database, without the web interface",
		Description: "These commands work offline against the configuration database named by DATABASE_URL and\n" +
			"DATA_DIR, as `dbackup serve` uses it; they are safe while the server runs. On a new database,\n" +
			"the first `dbackup user create` makes the first administrator (a member of Admins), as the\n" +
			"setup page would. Passwords are read from the terminal, or with --password-stdin from standard\n" +
			"input; never from a flag, where they would show in the process list and the shell history.",
		Commands: []*cli.Command{
			userCreateCommand(),
			userResetPasswordCommand(),
		},
	}
}

// passwordStdinFlag reads the password from standard input instead of the terminal.
var passwordStdinFlag = &cli.BoolFlag{
	Name:  "password-stdin",
	Usage: "read the password from standard input (one line), for scripts: printf '%s\\n' \"$PW\" | dbackup user ...",
}

// openAccounts opens the database and the account service over it. With a configured key (or
// DATA_DIR/encryption.key) the client is syskey's, as the server's; without one these commands
// need none, since creating a user or setting a password stores no sealed value, and no key is
// generated here: `dbackup serve` does that on its first start.
func openAccounts(ctx context.Context, c *cli.Command) (*account.Service, func(), error) {
	dataDir := c.String("data-dir")
	keys, err := syskey.LoadKeys(os.Getenv, dataDir)
	if err != nil {
		return nil, nil, err // one line naming the variable, from vault
	}
	for _, w := range keys.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	db, err := openDatabase(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	var (
		client *ent.Client
		kr     *vault.Keyring
	)
	if keys.Keyring != nil {
		sk, err := openService(ctx, db, keys, dataDir)
		if err != nil {
			_ = db.Close()
			return nil, nil, err
		}
		client, kr = sk.Client(), sk.Keyring()
	} else {
		client = ent.NewClient(ent.Driver(db.EntDriver()))
	}
	svc, err := account.New(client, kr, account.Options{})
	if err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	return svc, func() { _ = db.Close() }, nil
}

// argError is a bad flag or argument: its message names it, then says what is wrong and how to
// fix it, on one line.
type argError struct {
	name string
	err  error
}

func (e *argError) Error() string {
	return e.name + ": " + strings.Join(strings.Fields(e.err.Error()), " ")
}

func (e *argError) Unwrap() error { return e.err }
