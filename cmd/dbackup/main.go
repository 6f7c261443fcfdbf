// Command dbackup is DBackup: a self-hosted manager for database backups. See `dbackup --help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dbackup/dbackup/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := cli.New().Run(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "dbackup:", err)
		stop()
		os.Exit(1)
	}
}
