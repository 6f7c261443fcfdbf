package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dbackup/dbackup/internal/vault"
)

// The targets the report checks.
const (
	maxBackupRatio = 1.3 // our backup may take at most 1.3× a raw pg_dump
	minSeedRatio   = 4.0 // the seed path should take at least 4× our backup
	maxRSSMiB      = 64  // a backup or restore should fit in a small container
)

// row is one line of the report.
type row struct {
	name  string
	m     measure
	base  time.Duration // the wall time the ratio is against
	bytes int64         // output size; 0 when there is none
}

// benchSize generates a database of at least mb MB, runs every variant on it and prints the
// report. It drops its databases before returning.
func benchSize(ctx context.Context, cfg config, srv *server, key vault.Key, mb int) error {
	defer srv.dropAll(context.WithoutCancel(ctx))
	dir, err := os.MkdirTemp(cfg.dir, "run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src, err := srv.newDatabase(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	rows, size, err := srv.generate(ctx, src, mb)
	if err != nil {
		return err
	}
	fmt.Printf("\n== %d MB asked: %s, pg_database_size %d bytes (%.0f MiB), %d rows, generated in %.1f s\n",
		mb, src, size, float64(size)/(1<<20), rows, time.Since(start).Seconds())

	pgDump, pgRestore := srv.tool("pg_dump"), srv.tool("pg_restore")
	// exec connects a nil Stdout to /dev/null itself.
	rawM, err := timed(exec.CommandContext(ctx, pgDump, cfg.toolArgs(src, "-Fc", "-Z0")...))
	if err != nil {
		return err
	}
	// The plain dump file, untimed, is what the direct pg_restore reads and sizes the raw row.
	plainFile := filepath.Join(dir, "plain.dump")
	if _, err := timed(exec.CommandContext(ctx, pgDump, cfg.toolArgs(src, "-Fc", "-Z0", "-f", plainFile)...)); err != nil {
		return err
	}

	store := filepath.Join(dir, "store")
	if err := os.Mkdir(store, 0o700); err != nil {
		return err
	}
	oursM, err := spawn(ctx, cfg, key, "backup", src, store)
	if err != nil {
		return err
	}
	oursSize := fileSize(filepath.Join(store, objectKey))

	seedOut := filepath.Join(dir, "seed.enc")
	seedM, err := spawn(ctx, cfg, key, "seed", src, pgDump, filepath.Join(dir, "seed.dump"), seedOut)
	if err != nil {
		return err
	}
	seedSize := fileSize(seedOut)

	direct, err := srv.newDatabase(ctx)
	if err != nil {
		return err
	}
	restoreM, err := timed(exec.CommandContext(ctx, pgRestore, cfg.toolArgs(direct, "--exit-on-error", plainFile)...))
	if err != nil {
		return err
	}
	ourDB, err := srv.newDatabase(ctx)
	if err != nil {
		return err
	}
	oursRestoreM, err := spawn(ctx, cfg, key, "restore", ourDB, store)
	if err != nil {
		return err
	}
	var counts [2]int64
	for i, db := range []string{direct, ourDB} {
		if counts[i], err = srv.countRows(ctx, db); err != nil {
			return err
		}
	}

	report([]row{
		{"raw pg_dump -Fc -Z0 > /dev/null", rawM, rawM.wall, fileSize(plainFile)},
		{"ours: pg_dump ▶ zstd ▶ encfile ▶ local", oursM, rawM.wall, oursSize},
		{"seed: pg_dump -Fc -Z6 + AES-256-GCM pass", seedM, rawM.wall, seedSize},
		{"pg_restore -d NEWDB (from -Z0 file)", restoreM, restoreM.wall, 0},
		{"ours restore: local ▶ encfile ▶ zstd ▶ pg_restore", oursRestoreM, restoreM.wall, 0},
	})
	ratio := func(a, b measure) float64 { return a.wall.Seconds() / b.wall.Seconds() }
	check(ratio(oursM, rawM) <= maxBackupRatio, "our backup ≤ %.1f× raw pg_dump: %.2f×", maxBackupRatio, ratio(oursM, rawM))
	check(ratio(seedM, oursM) >= minSeedRatio && oursSize <= seedSize,
		"seed path ≥ %.0f× slower than ours with our output no larger: %.2f×, %d vs %d bytes",
		minSeedRatio, ratio(seedM, oursM), oursSize, seedSize)
	peak := max(oursM.rssKiB, oursRestoreM.rssKiB) / 1024
	check(peak <= maxRSSMiB, "peak RSS ≤ %d MiB: backup %d MiB, restore %d MiB",
		maxRSSMiB, oursM.rssKiB/1024, oursRestoreM.rssKiB/1024)
	ok := counts[0] == rows && counts[1] == rows
	check(ok, "restored row counts equal the original: %d, pg_restore %d, ours %d", rows, counts[0], counts[1])
	if !ok {
		return fmt.Errorf("restored row counts differ")
	}
	return nil
}

// report prints the table; fmt pads by runes, so the ▶ in the names keep the columns straight.
func report(rows []row) {
	const format = "%-50s %8s %7s %13s %13s\n"
	fmt.Printf(format, "variant", "wall s", "ratio", "output bytes", "peak RSS MiB")
	for _, r := range rows {
		out := "-"
		if r.bytes > 0 {
			out = strconv.FormatInt(r.bytes, 10)
		}
		fmt.Printf(format, r.name, fmt.Sprintf("%.2f", r.m.wall.Seconds()),
			fmt.Sprintf("%.2f×", r.m.wall.Seconds()/r.base.Seconds()), out, fmt.Sprintf("%.1f", float64(r.m.rssKiB)/1024))
	}
}

func check(ok bool, format string, args ...any) {
	verdict := "MISS"
	if ok {
		verdict = "PASS"
	}
	fmt.Printf("%s  %s\n", verdict, fmt.Sprintf(format, args...))
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
