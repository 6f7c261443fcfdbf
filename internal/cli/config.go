package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/buildinfo"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// maxPassphraseFile caps a passphrase file.
const maxPassphraseFile = 4096

func configCommand() *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "export or import the whole configuration (Config Backup), offline",
		Description: "Works on the configuration database directly (stop the server first, or use the web interface).\n" +
			"Secrets are left out unless --secrets is given; then they are sealed under a passphrase read from\n" +
			"--passphrase-file or CONFIG_PASSPHRASE (never a flag value), so the file imports into an instance with\n" +
			"another ENCRYPTION_KEY and every credential keeps working.",
		Commands: []*cli.Command{configExportCommand(), configImportCommand()},
	}
}

func passphraseFlag() cli.Flag {
	return &cli.StringFlag{
		Name:    "passphrase-file",
		Usage:   "file holding the passphrase that seals the secrets (or set CONFIG_PASSPHRASE)",
		Sources: cli.EnvVars("CONFIG_PASSPHRASE_FILE"),
	}
}

// passphrase reads --passphrase-file, else CONFIG_PASSPHRASE; empty when neither is set.
func passphrase(c *cli.Command) (vault.Secret, error) {
	if f := c.String("passphrase-file"); f != "" {
		fh, err := os.Open(f)
		if err != nil {
			return vault.Secret{}, &argError{name: "--passphrase-file", err: fmt.Errorf("%w; give a readable file", err)}
		}
		defer fh.Close()
		b, err := io.ReadAll(io.LimitReader(fh, maxPassphraseFile+1))
		if err != nil || len(b) > maxPassphraseFile {
			return vault.Secret{}, &argError{name: "--passphrase-file", err: errors.New("unreadable or longer than 4 KiB")}
		}
		return vault.NewSecret(strings.TrimRight(string(b), "\r\n")), nil
	}
	return vault.NewSecret(os.Getenv("CONFIG_PASSPHRASE")), nil
}

func configExportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write the configuration as a versioned JSON document",
		ArgsUsage: "FILE",
		Flags: append(databaseFlags(), passphraseFlag(),
			&cli.BoolFlag{Name: "secrets", Usage: "include every secret, sealed under the passphrase"},
			&cli.BoolFlag{Name: "password-hashes", Usage: "include users' password hashes and TOTP secrets (needs --secrets)"},
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			out := c.Args().First()
			if out == "" || c.Args().Len() > 1 {
				return &argError{name: "FILE", err: errors.New("give one output file, such as dbackup-config.json")}
			}
			pass, err := passphrase(c)
			if err != nil {
				return err
			}
			if c.Bool("secrets") && pass.IsEmpty() {
				return &argError{name: "--passphrase-file", err: errors.New("--secrets needs a passphrase: --passphrase-file FILE or CONFIG_PASSPHRASE")}
			}
			client, closeDB, err := openClient(ctx, c)
			if err != nil {
				return err
			}
			defer closeDB()
			data, err := configbackup.Export(viewer.SystemContext(ctx), client, configbackup.ExportOptions{
				IncludeSecrets: c.Bool("secrets"), Passphrase: pass, IncludePasswordHashes: c.Bool("password-hashes"),
				Now: time.Now(), Version: buildinfo.Version()})
			if err != nil {
				return err
			}
			if err := writeAtomically(out, data); err != nil {
				return err
			}
			what := "without secrets"
			if c.Bool("secrets") {
				what = "with secrets sealed under the passphrase"
			}
			fmt.Fprintf(os.Stdout, "wrote %s (%d bytes), %s\n", out, len(data), what)
			return nil
		},
	}
}

func configImportCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "check a configuration document, show what changes, and apply it in one transaction",
		ArgsUsage: "FILE",
		Flags: append(databaseFlags(), passphraseFlag(),
			&cli.StringFlag{Name: "policy", Value: string(configbackup.PolicySkip),
				Usage: "what to do with an item whose name exists and differs: skip, overwrite or rename"},
			&cli.BoolFlag{Name: "dry-run", Usage: "show the changes and write nothing"},
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			in := c.Args().First()
			if in == "" || c.Args().Len() > 1 {
				return &argError{name: "FILE", err: errors.New("give the configuration document to import")}
			}
			policy := configbackup.Policy(c.String("policy"))
			if err := policy.Validate(); err != nil {
				return &argError{name: "--policy", err: errors.New("use skip, overwrite or rename")}
			}
			data, err := os.ReadFile(in)
			if err != nil {
				return &argError{name: "FILE", err: err}
			}
			pass, err := passphrase(c)
			if err != nil {
				return err
			}
			client, kr, closeDB, err := openClientKeys(ctx, c)
			if err != nil {
				return err
			}
			defer closeDB()
			sys := viewer.SystemContext(ctx)
			// A scheduled Config Backup is sealed under an Encryption Profile's key: this
			// instance's profiles (an imported key included) open it.
			lookup := catalog.New(client, kr).KeyLookup(sys)
			doc, err := configbackup.ParseWith(data, configbackup.ParseOptions{Passphrase: pass, ProfileKey: lookup.LookupKey})
			if err != nil {
				return fmt.Errorf("%s: %w", in, err)
			}
			var plan configbackup.Plan
			if c.Bool("dry-run") {
				plan, err = configbackup.PlanImport(sys, client, doc, policy)
			} else {
				plan, err = configbackup.Apply(sys, client, doc, policy)
			}
			if err != nil {
				return err
			}
			for _, ch := range plan.Changes {
				line := fmt.Sprintf("%-9s %-20s %s", ch.Action, ch.Kind, ch.Name)
				if ch.Detail != "" {
					line += " (" + ch.Detail + ")"
				}
				fmt.Fprintln(os.Stdout, line)
			}
			for _, w := range plan.Warnings {
				fmt.Fprintln(os.Stderr, "warning:", w)
			}
			if c.Bool("dry-run") {
				fmt.Fprintln(os.Stdout, "dry run: nothing was written")
			}
			return nil
		},
	}
}

// openClient opens the configuration database with the server's keys, so that sealed values
// are opened on export and sealed under the current key on import.
func openClient(ctx context.Context, c *cli.Command) (*ent.Client, func(), error) {
	client, _, closeDB, err := openClientKeys(ctx, c)
	return client, closeDB, err
}

// openClientKeys is openClient that also returns the keyring, for opening profile keys.
func openClientKeys(ctx context.Context, c *cli.Command) (*ent.Client, *vault.Keyring, func(), error) {
	keys, err := loadKeys(c)
	if err != nil {
		return nil, nil, nil, err
	}
	db, err := openDatabase(ctx, c)
	if err != nil {
		return nil, nil, nil, err
	}
	sk, err := openService(ctx, db, keys, c.String("data-dir"))
	if err != nil {
		_ = db.Close()
		return nil, nil, nil, err
	}
	return sk.Client(), sk.Keyring(), func() { _ = db.Close() }, nil
}

// writeAtomically writes data to path through a temporary file in the same folder, so that a
// failed export never leaves a truncated document under the final name.
func writeAtomically(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}
