package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/viewer"
)

func userCreateCommand() *cli.Command {
	return &cli.Command{
		Name:  "create",
		Usage: "create a user with a password; on a new database, the first administrator",
		Description: "  dbackup user create --username alice [--group Operators ...] [--password-stdin]\n\n" +
			"The password is typed twice at the terminal, or read from standard input with --password-stdin.\n" +
			"It needs at least 12 characters. The username is stored in lower case.\n" +
			"On a database without users the new user becomes the first administrator, a member of the\n" +
			"built-in Admins group, and --group may only name Admins. Otherwise the groups must exist.",
		Flags: append(databaseFlags(),
			&cli.StringFlag{Name: "username", Usage: "login name: letters, digits and . _ - @"},
			&cli.StringSliceFlag{Name: "group", Usage: "add the user to this group (repeat for several)"},
			passwordStdinFlag,
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			if c.Args().Present() {
				return &argError{"arguments", fmt.Errorf("unexpected %q: give the name with --username", c.Args().First())}
			}
			name := c.String("username")
			if strings.TrimSpace(name) == "" {
				return &argError{"--username", errors.New("missing: give the new user's login name, such as --username alice")}
			}
			if err := account.ValidateUsername(account.NormalizeUsername(name)); err != nil {
				return &argError{"--username", err}
			}
			svc, closeDB, err := openAccounts(ctx, c)
			if err != nil {
				return err
			}
			defer closeDB()
			ctx = viewer.SystemContext(ctx)
			first, err := svc.NeedsSetup(ctx)
			if err != nil {
				return err
			}
			groups := c.StringSlice("group")
			if first && slices.ContainsFunc(groups, func(g string) bool { return g != perm.AdminsGroup }) {
				return &argError{"--group", fmt.Errorf("this is the first user, who becomes a member of %s, and no other group exists yet: leave --group out and add groups in the web interface", perm.AdminsGroup)}
			}
			pw, source, err := readNewPassword(c.Bool("password-stdin"), os.Stdin, stdinTerminal(int(os.Stdin.Fd())), os.Stderr)
			if err != nil {
				return &argError{source, err}
			}
			if first {
				u, err := svc.SetupAdmin(ctx, name, pw)
				if err != nil {
					return createError(err, source)
				}
				_, err = fmt.Fprintf(c.Root().Writer, "created user %s (%s), the first administrator (group %s)\n", u.Username, u.ID, perm.AdminsGroup)
				return err
			}
			u, err := svc.CreateUser(ctx, account.NewUser{Username: name, Password: pw, Groups: groups})
			if err != nil {
				return createError(err, source)
			}
			in := "no group: it can sign in but do nothing until an administrator adds it to one"
			if len(groups) > 0 {
				in = "groups " + strings.Join(groups, ", ")
			}
			_, err = fmt.Fprintf(c.Root().Writer, "created user %s (%s) in %s\n", u.Username, u.ID, in)
			return err
		},
	}
}

// createError names the flag a failure of CreateUser or SetupAdmin is about.
func createError(err error, passwordSource string) error {
	switch {
	case errors.Is(err, account.ErrUsernameTaken), errors.Is(err, account.ErrInvalidInput):
		return &argError{"--username", err}
	case errors.Is(err, account.ErrNotFound):
		return &argError{"--group", fmt.Errorf("%w: create the group in the web interface first, or leave it out", err)}
	case errors.Is(err, account.ErrSetupDone):
		return &argError{"--username", errors.New("another user was created meanwhile: run the command again")}
	case isPolicyError(err):
		return &argError{passwordSource, err}
	}
	return err
}
