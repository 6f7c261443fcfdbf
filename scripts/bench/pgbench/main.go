// Command pgbench measures DBackup's PostgreSQL backup and restore against the plain tools, on
// generated databases of a few sizes: raw pg_dump, our pipeline (pg_dump ▶ zstd ▶ encfile ▶
// local storage), the seed product's pg_dump -Z6 followed by one whole-file AES-GCM pass, and
// our restore against a direct pg_restore. scripts/bench/run.sh builds and runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dbackup/dbackup/internal/vault"
)

// childFlag is the hidden flag that makes the binary run one measured step as a child process,
// so that the step's peak RSS is its own.
const childFlag = "child"

type config struct {
	host string
	port int
	user string
	dir  string // temporary folder for dump files and the local destination
}

func main() {
	var cfg config
	sizes := flag.String("sizes", "500,1000", "comma-separated database sizes in MB")
	flag.StringVar(&cfg.host, "host", "127.0.0.1", "PostgreSQL host")
	flag.IntVar(&cfg.port, "port", 5432, "PostgreSQL port")
	flag.StringVar(&cfg.user, "user", "postgres", "PostgreSQL user (trust or .pgpass authentication)")
	mode := flag.String(childFlag, "", "internal: run one step as a child process")
	db := flag.String("db", "", "internal: the child's database")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if *mode != "" {
		err = runChild(ctx, cfg, *mode, *db, flag.Args())
	} else {
		err = run(ctx, cfg, *sizes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, sizeList string) (err error) {
	var sizes []int
	for s := range strings.SplitSeq(sizeList, ",") {
		mb, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || mb <= 0 {
			return fmt.Errorf("-sizes: %q is not a size in MB", s)
		}
		sizes = append(sizes, mb)
	}
	if cfg.dir, err = os.MkdirTemp("", "dbackup-bench-"); err != nil {
		return err
	}
	defer os.RemoveAll(cfg.dir)
	srv, err := openServer(ctx, cfg)
	if err != nil {
		return err
	}
	// The databases are dropped even when a step failed or the run was interrupted.
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		err = errors.Join(err, srv.dropAll(cctx))
	}()
	key, err := vault.GenerateKey()
	if err != nil {
		return err
	}
	fmt.Printf("server: %s; tools: %s\n", srv.version, srv.toolVersion)
	for _, mb := range sizes {
		if err := benchSize(ctx, cfg, srv, key, mb); err != nil {
			return fmt.Errorf("%d MB: %w", mb, err)
		}
	}
	return nil
}
