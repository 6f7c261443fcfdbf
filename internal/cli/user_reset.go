package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/viewer"
)

func userResetPasswordCommand() *cli.Command {
	return &cli.Command{
		Name:      "reset-password",
		Usage:     "set a new password for a user, for example a locked-out administrator",
		ArgsUsage: "USERNAME",
		Description: "  dbackup user reset-password alice [--password-stdin] [--reset-2fa]\n\n" +
			"Sets a new password (typed twice, or one line on standard input with --password-stdin) and ends\n" +
			"every session of the user. Two-factor sign-in stays on unless --reset-2fa, which turns it off\n" +
			"and forgets the TOTP secret and the recovery codes, for a lost phone. A disabled user stays\n" +
			"disabled.\n\n" +
			"Lockouts after failed sign-ins are not stored in the database but in the running server's\n" +
			"memory: this command cannot clear them. They end by themselves (after at most an hour) or when\n" +
			"the server restarts.",
		Flags: append(databaseFlags(),
			passwordStdinFlag,
			&cli.BoolFlag{Name: "reset-2fa", Usage: "also turn two-factor sign-in off and forget the TOTP secret and recovery codes"},
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			if c.Args().Len() != 1 {
				return &argError{"USERNAME", errors.New("give exactly one login name, such as `dbackup user reset-password alice`")}
			}
			svc, closeDB, err := openAccounts(ctx, c)
			if err != nil {
				return err
			}
			defer closeDB()
			ctx = viewer.SystemContext(ctx)
			u, err := svc.UserByName(ctx, c.Args().First())
			if errors.Is(err, account.ErrNotFound) {
				return &argError{"USERNAME", fmt.Errorf("%w: check the spelling; `dbackup user create` makes a new user", err)}
			}
			if err != nil {
				return err
			}
			pw, source, err := readNewPassword(c.Bool("password-stdin"), os.Stdin, stdinTerminal(int(os.Stdin.Fd())), os.Stderr)
			if err != nil {
				return &argError{source, err}
			}
			if err := svc.SetPassword(ctx, u.ID, pw); err != nil {
				if isPolicyError(err) {
					return &argError{source, err}
				}
				return err
			}
			w := c.Root().Writer
			fmt.Fprintf(w, "password of %s changed; every session of %s has ended\n", u.Username, u.Username)
			if c.Bool("reset-2fa") {
				if err := svc.DisableTOTP(ctx, u.ID); err != nil {
					return err
				}
				fmt.Fprintf(w, "two-factor sign-in of %s is off; they can enrol again after signing in\n", u.Username)
			} else if u.TotpEnabled {
				fmt.Fprintf(w, "two-factor sign-in of %s stays on (--reset-2fa turns it off)\n", u.Username)
			}
			_, err = fmt.Fprintln(w, "note: a lockout after failed sign-ins lives in the server's memory; it ends within an hour or when the server restarts")
			return err
		},
	}
}

// isPolicyError reports whether err is the password policy's.
func isPolicyError(err error) bool {
	return errors.Is(err, password.ErrTooShort) || errors.Is(err, password.ErrTooLong) || errors.Is(err, password.ErrInvalidUTF8)
}
