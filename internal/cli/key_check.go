package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
)

func keyCheckCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "check that the configured key opens the database's stored secrets",
		Description: "Loads the keys as `dbackup serve` does and prints the loaded key ids, the state (OK, MISMATCH,\n" +
			"ROTATING or GENERATED), the key the database expects when it differs, how many sealed values each\n" +
			"key id holds and whether it is loaded, and how many secrets no loaded key opens. It never\n" +
			"generates a key. It is safe while the server runs.\n\n" +
			"Exit status: 0 when the state is OK, ROTATING or GENERATED and every secret opens;\n" +
			"  3 on MISMATCH (the loaded key is not the database's key);\n" +
			"  4 when some stored secret opens with none of the loaded keys;\n" +
			"  1 on any other error.",
		Flags: databaseFlags(),
		Action: func(ctx context.Context, c *cli.Command) error {
			// The operator at the console holds the database itself: every permission.
			ctx = viewer.SystemContext(ctx)
			keys, err := loadKeys(c)
			if err != nil {
				return err
			}
			db, err := openDatabase(ctx, c)
			if err != nil {
				return err
			}
			defer db.Close()
			sk, err := openService(ctx, db, keys, c.String("data-dir"))
			if err != nil {
				return err
			}
			st, err := sk.Status(ctx)
			if err != nil {
				return fmt.Errorf("key check: %w", err)
			}
			if err := printStatus(c.Root().Writer, keys, st); err != nil {
				return err
			}
			switch {
			case st.State == syskey.StateMismatch:
				return cli.Exit("dbackup: "+vault.EnvKey+": "+st.Message, exitMismatch)
			case st.UndecryptableSecrets > 0:
				return cli.Exit("dbackup: "+st.Message, exitUndecryptable)
			}
			return nil
		},
	}
}

// printStatus writes the key's status as aligned "name value" lines and a table per key id.
func printStatus(w io.Writer, keys syskey.Keys, st syskey.Status) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	previous := "none"
	if len(st.PreviousKeyIDs) > 0 {
		previous = strings.Join(st.PreviousKeyIDs, ", ")
	}
	fmt.Fprintf(tw, "primary key:\t%s (%s)\n", st.KeyID, keys.Source)
	fmt.Fprintf(tw, "previous keys:\t%s\n", previous)
	fmt.Fprintf(tw, "state:\t%s\n", st.State)
	if st.ExpectedKeyID != nil {
		fmt.Fprintf(tw, "expected key:\t%s (the key the database was last sealed with)\n", *st.ExpectedKeyID)
	}
	if st.Rotation != nil {
		fmt.Fprintf(tw, "rotation:\t%d of %d values under the primary key\n", st.Rotation.Done, st.Rotation.Total)
	}
	fmt.Fprintf(tw, "undecryptable:\t%d\n", st.UndecryptableSecrets)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(st.SealedValues) == 0 {
		fmt.Fprintln(w, "no stored secrets")
	} else {
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tSEALED VALUES\tLOADED")
		for _, kc := range st.SealedValues {
			loaded := "no"
			if kc.Loaded {
				loaded = "yes"
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", kc.KeyID, kc.Count, loaded)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\n%s\n", st.Message)
	return err
}
