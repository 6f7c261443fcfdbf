package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/vault"
)

// keyFileMode lets only the owner read a key file: whoever reads it opens every stored secret.
const keyFileMode = 0o600

func keyGenerateCommand() *cli.Command {
	return &cli.Command{
		Name:  "generate",
		Usage: "print a new random key and its key id; touches no database",
		Description: "Prints two lines:\n" +
			"  ENCRYPTION_KEY=<64 hex characters>\n" +
			"  # key id <16 hex characters>\n" +
			"With --to-file PATH the key goes into PATH (mode 0600, never replacing a file) instead, and only\n" +
			"the key id and the path are printed; point ENCRYPTION_KEY_FILE at it.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "to-file", Usage: "write the key into this new file instead of printing it", TakesFile: true},
		},
		Action: func(_ context.Context, c *cli.Command) error {
			k, err := vault.GenerateKey()
			if err != nil {
				return err
			}
			out := c.Root().Writer
			if path := c.String("to-file"); path != "" {
				if err := writeKeyFile(path, k); err != nil {
					return err
				}
				_, err = fmt.Fprintf(out, "# key id %s\n# written to %s\n", vault.KeyID(k), path)
				return err
			}
			_, err = fmt.Fprintf(out, "%s=%s\n# key id %s\n", vault.EnvKey, k.Reveal(), vault.KeyID(k))
			return err
		},
	}
}

// writeKeyFile writes k to path as 64 hex characters and a newline with mode 0600. It never
// replaces a file (O_EXCL), and syncs the file and its folder before returning, because the
// caller may go on to seal secrets with the key.
func writeKeyFile(path string, k vault.Key) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, keyFileMode)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("--to-file %s: the file exists; refusing to overwrite a key, choose a new path", path)
	}
	if err != nil {
		return fmt.Errorf("--to-file: %w", err)
	}
	_, werr := f.WriteString(k.Reveal() + "\n")
	err = errors.Join(werr, f.Chmod(keyFileMode), f.Sync(), f.Close())
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("--to-file: write %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // makes the new name durable where folders can be synced
		_ = d.Close()
	}
	return nil
}
