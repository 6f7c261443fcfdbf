package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"
	"golang.org/x/term"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/offline"
)

func decryptCommand() *cli.Command {
	return &cli.Command{
		Name:      "decrypt",
		Usage:     "decrypt and decompress one backup file, offline: no server, no database",
		ArgsUsage: "FILE",
		Description: "  dbackup decrypt backups/nightly/app_2026-11-28.dump.zst.enc --kit /media/kit\n" +
			"  dbackup decrypt old.sql.gz.enc --key-file profile.key -o app.sql\n\n" +
			"Reads FILE.meta.json when it is next to FILE (extra key wraps, SHA-256, compression); otherwise\n" +
			"the file's header and name tell. Files of the previous (Node.js) DBackup are read through their\n" +
			"sidecar, and their tag is verified in a first pass before anything is written.\n" +
			"The output (default ./restored/<name without .enc and the compression extension>) is written under\n" +
			"a temporary name and appears only when every chunk authenticated and the checksum matched.\n" +
			"A multi-database archive comes out as its .tar; `dbackup recover --unpack` extracts it.\n" +
			"See docs/offline-recovery.md.",
		Flags: append(offlineKeyFlags(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, TakesFile: true, Sources: cli.EnvVars("DECRYPT_OUTPUT"),
				Usage: "file to write, which must not exist (default: ./restored/NAME)"},
		),
		Action: runDecrypt,
	}
}

func runDecrypt(ctx context.Context, c *cli.Command) error {
	if c.Args().Len() != 1 {
		return &argError{"FILE", errors.New("give exactly one backup file: dbackup decrypt FILE")}
	}
	path := c.Args().First()
	keys, err := loadOfflineKeys(c)
	if err != nil {
		return err
	}
	b, err := offline.Inspect(path)
	if err != nil {
		return explainOffline("decrypt "+path, err)
	}
	out := c.String("output")
	if out == "" {
		out = filepath.Join(defaultRestoreDir, b.OutputName())
	}
	n, err := offline.DecryptTo(ctx, b, out, offline.Options{Keys: keys, Progress: offlineProgress(c)})
	if err != nil {
		return explainOffline("decrypt "+path, err)
	}
	_, err = fmt.Fprintf(c.Root().Writer, "restored %s (%s) from %s\n", out, offline.HumanBytes(n), path)
	return err
}

// defaultRestoreDir is where decrypt and recover write unless told otherwise.
const defaultRestoreDir = "restored"

// offlineKeyFlags are the key sources of the offline commands.
func offlineKeyFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "kit", TakesFile: true, Sources: cli.EnvVars("RECOVERY_KIT"),
			Usage: "Recovery Kit folder (with keys/keys.json): every profile key in it may be used"},
		&cli.StringSliceFlag{Name: "key-file", TakesFile: true, Sources: cli.EnvVars("PROFILE_KEY_FILE"),
			Usage: "file holding one encryption profile key, 64 hex characters (repeat for several; comma-separated in the variable)"},
	}
}

// loadOfflineKeys reads --kit and --key-file. Having no key is not an error: plain backups need
// none, and the error for an encrypted one names the key it needs.
func loadOfflineKeys(c *cli.Command) (*offline.Keyring, error) {
	var keys []offline.Key
	if dir := c.String("kit"); dir != "" {
		kit, err := offline.LoadKit(dir)
		if err != nil {
			return nil, &argError{"--kit", fmt.Errorf("%w: point it at the Recovery Kit folder, the one holding keys/keys.json", err)}
		}
		keys = append(keys, kit...)
	}
	for _, path := range c.StringSlice("key-file") {
		k, err := offline.ReadKeyFile(path)
		if err != nil {
			return nil, &argError{"--key-file", err}
		}
		keys = append(keys, k)
	}
	return offline.NewKeyring(keys...), nil
}

// offlineProgress reports on the command's error output, with a bar when it is a terminal.
func offlineProgress(c *cli.Command) *offline.Progress {
	w := c.Root().ErrWriter
	if w == nil {
		w = os.Stderr
	}
	return offline.NewProgress(w, isTerminal(w), nil)
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func errWriter(c *cli.Command) io.Writer {
	if w := c.Root().ErrWriter; w != nil {
		return w
	}
	return os.Stderr
}

// explainOffline adds to a failure of decrypt or recover what caused it and how to fix it.
func explainOffline(path string, err error) error {
	var unknown *encfile.UnknownKeyError
	var noLegacy *offline.NoLegacyKeyError
	var hint string
	switch {
	case errors.As(err, &unknown):
		kids := append([]string{unknown.KeyID}, unknown.Alternatives...)
		hint = "this file needs profile key " + strings.Join(kids, " or ") + ": pass --kit or --key-file with that key"
	case errors.As(err, &noLegacy):
		hint = "this backup of the previous DBackup needs the key of its encryption profile"
		if noLegacy.ProfileID != "" {
			hint += " " + noLegacy.ProfileID
		}
		hint += ": pass --kit with that profile, or --key-file"
	case errors.Is(err, legacy.ErrTampered):
		hint = "none of the keys opens it: pass the key of the profile named in the sidecar; if it is the right key, the file or its sidecar was modified: use another copy"
	case errors.Is(err, encfile.ErrWrongKey):
		hint = "a key with the file's key id does not open it: the header or a wrap in the sidecar is damaged; use another copy"
	case errors.Is(err, encfile.ErrTampered), errors.Is(err, encfile.ErrTruncated), errors.Is(err, encfile.ErrTrailingData):
		hint = "the file is damaged, cut short or was modified; nothing was written: use another copy of the backup"
	case errors.Is(err, offline.ErrChecksum):
		hint = "the stored file is not the one its sidecar describes; nothing was written: use another copy of the backup"
	case errors.Is(err, archive.ErrCorrupt), errors.Is(err, legacy.ErrCorrupt):
		hint = "the archive inside is damaged; nothing was written: use another copy of the backup"
	case errors.Is(err, offline.ErrExists):
		hint = "choose another output with -o, or move the existing one away"
	case errors.Is(err, offline.ErrNoSidecar):
		hint = "copy FILE.meta.json from the same destination next to it"
	case errors.Is(err, encfile.ErrNotEncrypted), errors.Is(err, encfile.ErrUnsupportedVersion), errors.Is(err, encfile.ErrHeader):
		hint = "the file is not an encrypted backup this version reads, although its sidecar or name says so"
	default:
		return fmt.Errorf("%s: %w", path, err)
	}
	return fmt.Errorf("%s: %w; %s", path, err, hint)
}
