// Command ferretdb runs FerretDB, a MongoDB wire-protocol server, with its SQLite backend for the
// tests of the MongoDB source (internal/testutil/mongotest). It embeds FerretDB through its Go
// package rather than building FerretDB's own command, which panics when built outside
// FerretDB's repository because its generated version files are missing.
//
// It lives in a Go module of its own so that FerretDB and its dependencies never enter
// DBackup's go.mod. scripts/lib.sh (ensure_ferretdb) builds it into .cache/bin/ferretdb.
//
// Usage:
//
//	ferretdb -dir /tmp/data -listen 127.0.0.1:27017 [-tls-cert cert.pem -tls-key key.pem [-tls-ca ca.pem]]
//
// With -tls-cert and -tls-key it speaks TLS only, as a MongoDB with net.tls.mode requireTLS;
// with -tls-ca too, it requires a client certificate signed by that CA. It serves until interrupted (SIGINT or SIGTERM). It has no authentication: the embeddable
// package of FerretDB 1.24 offers no way to turn on its (experimental) users, so every client
// is let in without credentials, and a login with SCRAM is rejected.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// dirMode is the permission of a data folder the command creates: only the user running the
// tests reads the test data.
const dirMode = 0o700

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:27017", "loopback `address` (host:port) to accept MongoDB clients on")
	dir := flag.String("dir", "", "`folder` holding the SQLite databases; created when missing")
	tlsCert := flag.String("tls-cert", "", "PEM certificate `file`: serve TLS only, with -tls-key")
	tlsKey := flag.String("tls-key", "", "PEM private key `file` of -tls-cert")
	tlsCA := flag.String("tls-ca", "", "PEM CA certificate `file`: require client certificates it signed")
	verbose := flag.Bool("v", false, "log every connection and command")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}
	sqliteURL, err := sqliteURL(*dir)
	if err != nil {
		return err
	}
	listener := ferretdb.ListenerConfig{TCP: *listen}
	switch {
	case *tlsCert != "" && *tlsKey != "":
		listener = ferretdb.ListenerConfig{TLS: *listen, TLSCertFile: *tlsCert, TLSKeyFile: *tlsKey, TLSCAFile: *tlsCA}
	case *tlsCert != "" || *tlsKey != "" || *tlsCA != "":
		return errors.New("-tls-cert and -tls-key go together, and -tls-ca needs both")
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return fmt.Errorf("start on %s: %w", *listen, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(os.Stderr, "ferretdb: serving %s on %s\n", *dir, *listen)
	return f.Run(ctx)
}

// checkLoopback refuses addresses other than loopback ones: this server has no authentication
// and exists for tests on the local machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-listen %q: use a loopback address such as 127.0.0.1:27017", addr)
	}
	return nil
}

// sqliteURL creates dir when needed and returns the SQLite URI FerretDB expects: a file: URL of
// the folder, ending with a slash.
func sqliteURL(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("-dir is required")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("-dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, dirMode); err != nil {
		return "", fmt.Errorf("-dir: %w", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/"}
	return u.String(), nil
}
