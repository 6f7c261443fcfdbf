package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/server"
)

func keyRotateCommand() *cli.Command {
	return &cli.Command{
		Name:  "rotate",
		Usage: "re-seal every stored secret under a new key in one transaction (stop the server first)",
		Description: "Offline rotation. STOP THE SERVER FIRST: a server running with the old key would go on sealing\n" +
			"new values with it. Then either\n" +
			"  ENCRYPTION_KEY=<new> ENCRYPTION_KEY_PREVIOUS=<old> dbackup key rotate\n" +
			"or, to generate the new key, with the current key still configured as ENCRYPTION_KEY:\n" +
			"  dbackup key rotate --to-file /path/new.key\n" +
			"Every secret is re-sealed under the new key in one transaction: an interruption leaves every\n" +
			"secret under the old key, and a rerun skips values already under the new key. Afterwards start\n" +
			"the server with the new key only (ENCRYPTION_KEY or ENCRYPTION_KEY_FILE, no ..._PREVIOUS).\n\n" +
			"The online alternative needs no downtime: start the server with ENCRYPTION_KEY=<new> and\n" +
			"ENCRYPTION_KEY_PREVIOUS=<old>; it re-seals in the background. See docs/key-rotation.md.\n\n" +
			"Exit status: 0 on success (and for --dry-run); 4 when some stored secret opens with none of the\n" +
			"loaded keys (they are listed; nothing is written) unless --forget-undecryptable; 1 on any other error.",
		Flags: append(databaseFlags(),
			&cli.StringFlag{Name: "to-file", TakesFile: true,
				Usage: "generate the new key into this new file (mode 0600) and rotate from the configured ENCRYPTION_KEY to it"},
			&cli.BoolFlag{Name: "dry-run", Usage: "count what would change and write nothing (not even --to-file)"},
			&cli.BoolFlag{Name: "forget-undecryptable", Usage: "clear the secrets that open with none of the keys, so they can be re-entered, instead of refusing"},
		),
		Action: rotate,
	}
}

func rotate(ctx context.Context, c *cli.Command) error {
	ctx = viewer.SystemContext(ctx)
	keys, err := loadKeys(c)
	if err != nil {
		return err
	}
	checkpoint, err := pauseHook(ctx)
	if err != nil {
		return err
	}
	toFile := c.String("to-file")
	opts := syskey.ResealOptions{
		DryRun:              c.Bool("dry-run"),
		ForgetUndecryptable: c.Bool("forget-undecryptable"),
		Checkpoint:          checkpoint,
		// One transaction: an interrupted rotation leaves every secret under the old key.
		BatchSize: 0,
	}
	switch {
	case toFile != "" && (os.Getenv(vault.EnvPrevious) != "" || os.Getenv(vault.EnvPreviousFile) != ""):
		return &server.ConfigError{Var: vault.EnvPrevious, Err: errors.New(
			"set together with --to-file, which makes ENCRYPTION_KEY the previous key; finish the rotation in progress (dbackup key rotate without --to-file) and unset it first")}
	case toFile == "" && len(keys.Keyring.KeyIDs()) < 2 && !opts.ForgetUndecryptable:
		return &server.ConfigError{Var: vault.EnvPrevious, Err: errors.New(
			"not set; set ENCRYPTION_KEY to the new key and ENCRYPTION_KEY_PREVIOUS to the old one, or use --to-file PATH to generate the new key")}
	}
	db, err := openDatabase(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	dataDir := c.String("data-dir")
	out := c.Root().Writer

	newKey := "ENCRYPTION_KEY=<the new key>"
	if keys.Source != vault.EnvKey {
		newKey = keys.Source
	}
	if toFile != "" {
		if keys, err = prepareKeyFile(ctx, c, db, keys, opts); err != nil || opts.DryRun {
			return err
		}
		newKey = vault.EnvKeyFile + "=" + toFile
	}
	sk, err := openService(ctx, db, keys, dataDir)
	if err != nil {
		return err
	}
	res, err := sk.Reseal(ctx, opts)
	switch {
	case errors.Is(err, syskey.ErrUndecryptable):
		return refuseUndecryptable(res, err)
	case err != nil && toFile != "":
		return fmt.Errorf("key rotate: %w; nothing was committed, the new key stays in %s: rerun with ENCRYPTION_KEY_FILE=%s and the old key as ENCRYPTION_KEY_PREVIOUS", err, toFile, toFile)
	case err != nil:
		return fmt.Errorf("key rotate: %w; nothing was committed, rerun the same command", err)
	case opts.DryRun:
		return printDryRun(out, res, keys.Keyring.PrimaryID())
	}
	fmt.Fprintf(out, "resealed:         %d\n", res.Resealed)
	fmt.Fprintf(out, "already current:  %d\n", res.Current)
	fmt.Fprintf(out, "forgotten:        %d\n", len(res.Forgotten))
	for _, f := range res.Forgotten {
		fmt.Fprintf(out, "  %s\n", placeOf(f))
	}
	_, err = fmt.Fprintf(out, "Every stored secret is now sealed with key %s.\n"+
		"Now start the server with %s (key id %s) and drop ENCRYPTION_KEY_PREVIOUS; keep the old key safe until `dbackup key check` says OK.\n",
		keys.Keyring.PrimaryID(), newKey, keys.Keyring.PrimaryID())
	return err
}

// prepareKeyFile handles --to-file: it checks, under the configured keys alone, that the rotation
// can go ahead (and answers a dry run from that), and only then writes a new key into the file,
// durably, before anything is sealed with it. It returns the new key as primary with the
// configured key as previous.
func prepareKeyFile(ctx context.Context, c *cli.Command, db *database.DB, keys syskey.Keys, opts syskey.ResealOptions) (syskey.Keys, error) {
	current, err := openService(ctx, db, keys, c.String("data-dir"))
	if err != nil {
		return syskey.Keys{}, err
	}
	pre, err := current.Reseal(ctx, syskey.ResealOptions{DryRun: true, ForgetUndecryptable: opts.ForgetUndecryptable})
	if errors.Is(err, syskey.ErrUndecryptable) {
		return syskey.Keys{}, refuseUndecryptable(pre, err)
	}
	if err != nil {
		return syskey.Keys{}, fmt.Errorf("key rotate: %w", err)
	}
	if opts.DryRun {
		// Under a new key every value that opens would move.
		pre.Resealed, pre.Current = pre.Resealed+pre.Current, 0
		return syskey.Keys{}, printDryRun(c.Root().Writer, pre, "(a new key)")
	}
	k, err := vault.GenerateKey()
	if err != nil {
		return syskey.Keys{}, err
	}
	path := c.String("to-file")
	if err := writeKeyFile(path, k); err != nil {
		return syskey.Keys{}, err
	}
	kr, err := vault.NewKeyring(k, keys.Keyring.Primary())
	if err != nil {
		return syskey.Keys{}, err
	}
	fmt.Fprintf(c.Root().Writer, "# key id %s\n# written to %s\n", vault.KeyID(k), path)
	return syskey.Keys{Keyring: kr, Source: vault.EnvKeyFile + " (" + path + ")"}, nil
}

// refuseUndecryptable lists on stderr the secrets that block a rotation and returns the refusal.
func refuseUndecryptable(res syskey.ResealResult, err error) error {
	fmt.Fprintf(os.Stderr, "%d stored secrets open with none of the loaded keys; nothing was written:\n", len(res.Undecryptable))
	for _, u := range res.Undecryptable {
		fmt.Fprintf(os.Stderr, "  %s\n", placeOf(u))
	}
	return cli.Exit("dbackup: key rotate: "+err.Error(), exitUndecryptable)
}

func printDryRun(w io.Writer, res syskey.ResealResult, keyID string) error {
	fmt.Fprintf(w, "dry run: %d values would be re-sealed under key %s, %d are already current, %d undecryptable would be forgotten; nothing was written\n",
		res.Resealed, keyID, res.Current, len(res.Undecryptable))
	for _, u := range res.Undecryptable {
		fmt.Fprintf(w, "  would forget %s\n", placeOf(u))
	}
	return nil
}

// placeOf names a stored secret as table.column[id], the form vault.Place prints.
func placeOf(c syskey.Cleared) string {
	return vault.Place{Table: c.Table, Column: c.Column, RowID: c.ID}.String()
}
