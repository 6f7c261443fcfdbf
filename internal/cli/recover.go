package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v3"

	"github.com/dbackup/dbackup/internal/offline"
)

// maxDatabasesShown caps the DATABASES column of `recover --list`.
const maxDatabasesShown = 40

func recoverCommand() *cli.Command {
	return &cli.Command{
		Name:      "recover",
		Usage:     "find backups in a folder and restore one, offline: no server, no database",
		ArgsUsage: "[DIR]",
		Description: "  dbackup recover /mnt/backups --kit /media/kit --list\n" +
			"  dbackup recover /mnt/backups --kit /media/kit            (asks which one, at a terminal)\n" +
			"  dbackup recover /mnt/backups --key-file p.key --pick 2 -o /tmp/restore\n" +
			"  dbackup recover /mnt/backups --kit /media/kit --name nightly   (its newest backup)\n\n" +
			"Scans DIR (default .) recursively for sidecars (*.meta.json), of this DBackup and of the previous\n" +
			"one, and lists each backup: job, databases, time, size, encryption, and the key it needs with\n" +
			"\"key available\" or \"missing key\" for the keys given. Then it restores the chosen backup into the\n" +
			"output folder: decrypted and decompressed, every chunk authenticated and the SHA-256 checked\n" +
			"before the result appears. A multi-database archive is unpacked into one dump per database\n" +
			"(--unpack=false keeps the .tar). --name matches a file name (as listed, its base name or the\n" +
			"restored name) or else a job name, whose newest backup is taken. See docs/offline-recovery.md.",
		Flags: append(offlineKeyFlags(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, TakesFile: true, Value: defaultRestoreDir,
				Sources: cli.EnvVars("RECOVER_OUTPUT"), Usage: "folder to restore into"},
			&cli.IntFlag{Name: "pick", Sources: cli.EnvVars("RECOVER_PICK"),
				Usage: "restore backup number N of the list, without asking"},
			&cli.StringFlag{Name: "name", Sources: cli.EnvVars("RECOVER_NAME"),
				Usage: "restore the backup with this file name, or the newest of this job, without asking"},
			&cli.BoolFlag{Name: "list", Sources: cli.EnvVars("RECOVER_LIST"),
				Usage: "only list the backups found"},
			&cli.BoolFlag{Name: "unpack", Value: true, Sources: cli.EnvVars("RECOVER_UNPACK"),
				Usage: "extract each database of a multi-database archive (--unpack=false writes the .tar)"},
		),
		Action: runRecover,
	}
}

func runRecover(ctx context.Context, c *cli.Command) error {
	if c.Args().Len() > 1 {
		return &argError{"DIR", errors.New("give at most one folder to scan")}
	}
	dir := c.Args().First()
	if dir == "" {
		dir = "."
	}
	if c.IsSet("pick") && c.IsSet("name") {
		return &argError{"--pick", errors.New("give --pick or --name, not both")}
	}
	keys, err := loadOfflineKeys(c)
	if err != nil {
		return err
	}
	backups, problems, err := offline.Scan(ctx, dir)
	if err != nil {
		return fmt.Errorf("recover: scan %s: %w", dir, err)
	}
	stderr, out := errWriter(c), c.Root().Writer
	for _, p := range problems {
		fmt.Fprintf(stderr, "skipped %s: %v\n", p.Path, p.Err)
	}
	if len(backups) == 0 {
		return &argError{"DIR", fmt.Errorf("no backups (no *.meta.json next to a backup file) under %s", dir)}
	}
	interactive := !c.Bool("list") && !c.IsSet("pick") && !c.IsSet("name")
	if c.Bool("list") || interactive {
		if err := printBackups(out, dir, backups, keys); err != nil {
			return err
		}
	}
	if c.Bool("list") {
		return nil
	}
	var b *offline.Backup
	switch {
	case c.IsSet("pick"):
		n := int(c.Int("pick"))
		if n < 1 || n > len(backups) {
			return &argError{"--pick", fmt.Errorf("%d is not between 1 and %d: see --list", n, len(backups))}
		}
		b = backups[n-1]
	case c.IsSet("name"):
		if b, err = findBackup(dir, backups, c.String("name")); err != nil {
			return &argError{"--name", err}
		}
	default:
		if b, err = askBackup(c, backups); err != nil || b == nil {
			return err
		}
	}
	return restoreBackup(ctx, c, b, keys)
}

// restoreBackup restores b into --output: unpacked when it is an archive and --unpack is on.
func restoreBackup(ctx context.Context, c *cli.Command, b *offline.Backup, keys *offline.Keyring) error {
	outDir := c.String("output")
	opts := offline.Options{Keys: keys, Progress: offlineProgress(c)}
	w := c.Root().Writer
	if b.IsArchive() && c.Bool("unpack") {
		files, err := offline.Unpack(ctx, b, outDir, opts)
		if err != nil {
			return explainOffline("recover "+b.Path, err)
		}
		fmt.Fprintf(w, "restored %d databases from %s:\n", len(files), b.Path)
		for _, f := range files {
			fmt.Fprintf(w, "  %s\n", f)
		}
		return nil
	}
	out := filepath.Join(outDir, b.OutputName())
	n, err := offline.DecryptTo(ctx, b, out, opts)
	if err != nil {
		return explainOffline("recover "+b.Path, err)
	}
	_, err = fmt.Fprintf(w, "restored %s (%s) from %s\n", out, offline.HumanBytes(n), b.Path)
	return err
}

// printBackups writes the numbered table of backups.
func printBackups(w io.Writer, dir string, backups []*offline.Backup, keys *offline.Keyring) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tJOB\tDATABASES\tTIME\tSIZE\tENCRYPTION\tKEY\tFILE")
	for i, b := range backups {
		job := b.Job
		if job == "" {
			job = "-"
		}
		dbs := strings.Join(b.Databases, ",")
		if len(dbs) > maxDatabasesShown {
			dbs = dbs[:maxDatabasesShown-3] + "..."
		}
		if dbs == "" {
			dbs = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, job, dbs, b.Time.UTC().Format("2006-01-02 15:04"),
			offline.HumanBytes(b.Size), b.Kind, keyStatus(b, keys), relPath(dir, b.Path))
	}
	return tw.Flush()
}

// keyStatus says which key a backup needs and whether it was given.
func keyStatus(b *offline.Backup, keys *offline.Keyring) string {
	var need string
	switch b.Kind {
	case offline.Encrypted:
		need = strings.Join(b.KeyIDs, "|")
	case offline.Legacy:
		need = "profile " + b.ProfileID
		if b.ProfileID == "" {
			need = "profile ?"
		}
		if b.KeyAvailable(keys) && !keys.HasProfile(b.ProfileID) {
			return need + ": key available (unverified)"
		}
	default:
		return "-"
	}
	if b.KeyAvailable(keys) {
		return need + ": key available"
	}
	return need + ": missing key"
}

func relPath(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil {
		return r
	}
	return path
}

// findBackup returns the backup named name: by its listed path, base name or restored name,
// else the newest backup of the job called name (backups are newest first).
func findBackup(dir string, backups []*offline.Backup, name string) (*offline.Backup, error) {
	var found []*offline.Backup
	for _, b := range backups {
		if relPath(dir, b.Path) == name || filepath.Base(b.Path) == name || b.OutputName() == name {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		for _, b := range backups {
			if b.Job == name {
				return b, nil
			}
		}
		return nil, fmt.Errorf("no backup file or job is called %q: see --list", name)
	}
	var paths []string
	for _, b := range found {
		paths = append(paths, relPath(dir, b.Path))
	}
	return nil, fmt.Errorf("%q matches %s: give the path as listed, or --pick", name, strings.Join(paths, ", "))
}

// askBackup asks at the terminal which backup to restore; nil means the user declined.
func askBackup(c *cli.Command, backups []*offline.Backup) (*offline.Backup, error) {
	in := c.Root().Reader
	if in == nil {
		in = os.Stdin
	}
	if !isTerminal(in) {
		return nil, &argError{"--pick", errors.New("standard input is not a terminal: choose the backup with --pick N or --name NAME (see --list)")}
	}
	return chooseBackup(in, errWriter(c), backups)
}

// chooseBackup reads the number of a backup from in, prompting on prompt until the answer is
// valid; an empty line or the end of in chooses nothing.
func chooseBackup(in io.Reader, prompt io.Writer, backups []*offline.Backup) (*offline.Backup, error) {
	sc := bufio.NewScanner(in)
	for {
		fmt.Fprintf(prompt, "Restore which backup? [1-%d, empty to cancel]: ", len(backups))
		if !sc.Scan() {
			fmt.Fprintln(prompt)
			return nil, sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			fmt.Fprintln(prompt, "nothing restored")
			return nil, nil
		}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(backups) {
			return backups[n-1], nil
		}
		fmt.Fprintf(prompt, "%q is not a number between 1 and %d\n", line, len(backups))
	}
}
