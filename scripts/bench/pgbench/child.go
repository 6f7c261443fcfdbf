package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/dbackup/dbackup/internal/backup"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/storage/local"
	"github.com/dbackup/dbackup/internal/vault"
)

// keyEnv passes the profile key, in hex, from the bench to its children.
const keyEnv = "DBACKUP_BENCH_KEY"

// objectKey is the name of the backup in the local destination.
const objectKey = "backup.dump.zst"

// seedIVSize is the seed product's GCM nonce size: 16 bytes rather than GCM's standard 12.
const seedIVSize = 16

// measure is what one step cost.
type measure struct {
	wall   time.Duration
	rssKiB int64 // ru_maxrss of the process and its waited-for descendants (the larger, not the sum)
}

// spawn runs this binary as a child in mode and measures it.
func spawn(ctx context.Context, cfg config, key vault.Key, mode, db string, args ...string) (measure, error) {
	self, err := os.Executable()
	if err != nil {
		return measure{}, err
	}
	argv := append([]string{"-" + childFlag, mode, "-db", db, "-host", cfg.host,
		"-port", strconv.Itoa(cfg.port), "-user", cfg.user}, args...)
	cmd := exec.CommandContext(ctx, self, argv...)
	cmd.Env = append(os.Environ(), keyEnv+"="+key.Reveal())
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return timed(cmd)
}

// timed runs cmd and returns its wall time and peak RSS.
func timed(cmd *exec.Cmd) (measure, error) {
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		m.rssKiB = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	}
	if err != nil {
		return m, fmt.Errorf("%s: %w", cmd.Args[0], err)
	}
	return m, nil
}

// runChild is the child side of spawn.
func runChild(ctx context.Context, cfg config, mode, db string, args []string) error {
	key, err := vault.ParseKey(os.Getenv(keyEnv))
	if err != nil {
		return err
	}
	switch {
	case mode == "backup" && len(args) == 1:
		return childBackup(ctx, cfg, key, db, args[0])
	case mode == "restore" && len(args) == 1:
		return childRestore(ctx, cfg, key, db, args[0])
	case mode == "seed" && len(args) == 3:
		return childSeed(ctx, cfg, db, args[0], args[1], args[2])
	}
	return fmt.Errorf("unknown child mode %q %q", mode, args)
}

// open returns the postgres source and the local destination at dir.
func open(cfg config, dir string) (*postgres.Postgres, *local.Local, error) {
	pg, err := postgres.New(source.Config{Engine: "postgres", Host: cfg.host, Port: cfg.port,
		Username: cfg.user, Database: "postgres", TLSMode: source.TLSDisable})
	if err != nil {
		return nil, nil, err
	}
	dst, err := local.New(local.Config{Path: dir})
	return pg, dst, err
}

// childBackup runs the real pipeline into the local destination at dir.
func childBackup(ctx context.Context, cfg config, key vault.Key, db, dir string) error {
	pg, dst, err := open(cfg, dir)
	if err != nil {
		return err
	}
	defer pg.Close()
	_, err = backup.Run(ctx, backup.Plan{Dumper: pg, Database: db, Compression: compress.Zstd,
		Key: &key, ObjectKey: objectKey, Targets: []backup.Target{{Name: "local", Storage: dst}}}, nil)
	return err
}

// childRestore reads the stored object back (local ▶ encfile ▶ zstd) into the new database db.
func childRestore(ctx context.Context, cfg config, key vault.Key, db, dir string) error {
	pg, dst, err := open(cfg, dir)
	if err != nil {
		return err
	}
	defer pg.Close()
	obj, err := dst.Get(ctx, objectKey)
	if err != nil {
		return err
	}
	defer obj.Close()
	dec, err := encfile.NewReader(obj, encfile.Keys(key))
	if err != nil {
		return err
	}
	plain, err := compress.NewReader(dec, compress.Zstd)
	if err != nil {
		return err
	}
	defer plain.Close()
	return pg.Restore(ctx, db, plain, source.RestoreOptions{Format: postgres.FormatCustom, Create: true})
}

// childSeed is the seed product's default path: pg_dump -Fc -Z6 into a file, then one AES-256-GCM
// pass over the whole file held in memory. The key is fresh: only the cost matters here.
func childSeed(ctx context.Context, cfg config, db, pgDump, dumpFile, outFile string) error {
	dump := exec.CommandContext(ctx, pgDump, cfg.toolArgs(db, "-Fc", "-Z6", "-f", dumpFile)...)
	dump.Stderr = os.Stderr
	if err := dump.Run(); err != nil {
		return fmt.Errorf("pg_dump -Z6: %w", err)
	}
	plain, err := os.ReadFile(dumpFile)
	if err != nil {
		return err
	}
	k, iv := make([]byte, 32), make([]byte, seedIVSize)
	_, _ = rand.Read(k)
	_, _ = rand.Read(iv)
	block, _ := aes.NewCipher(k)                            // fails only for a key of another size
	gcm, _ := cipher.NewGCMWithNonceSize(block, seedIVSize) // fails only for a zero nonce size
	return os.WriteFile(outFile, gcm.Seal(iv, iv, plain, nil), 0o600)
}
