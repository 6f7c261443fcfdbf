package systask

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/system"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// configDumper writes the whole configuration as a Config Backup, every secret (password
// hashes included, so that people can sign in after a restore) sealed under the profile key.
// A document is kilobytes, so it is made whole before it is written.
type configDumper struct {
	s   *Service
	key vault.Key
}

func (d configDumper) Dump(ctx context.Context, _ string, w io.Writer) (source.DumpInfo, error) {
	data, err := configbackup.Export(viewer.SystemContext(ctx), d.s.client, configbackup.ExportOptions{
		IncludeSecrets: true, IncludePasswordHashes: true, ProfileKey: &d.key, Now: d.s.cfg.Now(), Version: d.s.cfg.Version})
	if err != nil {
		return source.DumpInfo{}, fmt.Errorf("export the configuration: %w", err)
	}
	info := source.DumpInfo{Format: FormatConfig, ToolVersion: "DBackup " + d.s.cfg.Version}
	if _, err := w.Write(data); err != nil {
		return info, err
	}
	return info, nil
}

// sqliteDumper snapshots the control-plane SQLite database with VACUUM INTO, which writes a
// consistent, compacted copy while the server keeps working, into a private folder in DATA_DIR
// (same disk, same permissions as the database), streams it and removes it.
type sqliteDumper struct{ s *Service }

func (d sqliteDumper) Dump(ctx context.Context, _ string, w io.Writer) (source.DumpInfo, error) {
	info := source.DumpInfo{Format: FormatSQLite}
	if err := d.s.cfg.DB.QueryRowContext(ctx, "SELECT 'SQLite ' || sqlite_version()").Scan(&info.ServerVersion); err != nil {
		return info, fmt.Errorf("read the SQLite version: %w", err)
	}
	dir, err := os.MkdirTemp(d.s.cfg.DataDir, ".system-backup-")
	if err != nil {
		return info, fmt.Errorf("create the snapshot folder in DATA_DIR: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "dbackup.db")
	// VACUUM INTO takes a string expression; the path is DBackup's own, quoted as SQL text.
	if _, err := d.s.cfg.DB.ExecContext(ctx, "VACUUM INTO '"+strings.ReplaceAll(path, "'", "''")+"'"); err != nil {
		return info, fmt.Errorf("snapshot the database (VACUUM INTO): %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return info, fmt.Errorf("read the snapshot: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, storage.ContextReader(ctx, f)); err != nil {
		return info, fmt.Errorf("read the snapshot: %w", err)
	}
	return info, nil
}

// postgresDumper runs pg_dump --format=custom on the control-plane database through the
// PostgreSQL source engine, which picks a pg_dump new enough for the server and hands the
// password over in a private password file, never on the command line.
type postgresDumper struct{ s *Service }

func (d postgresDumper) Dump(ctx context.Context, _ string, w io.Writer) (source.DumpInfo, error) {
	cfg, db, err := postgresSource(d.s.cfg.DatabaseURL)
	if err != nil {
		return source.DumpInfo{}, err
	}
	pg, err := postgres.New(cfg)
	if err != nil {
		return source.DumpInfo{}, fmt.Errorf("DATABASE_URL: %w", err)
	}
	defer pg.Close()
	return pg.Dump(ctx, db, w)
}

// postgresSource turns DATABASE_URL into a source configuration and the database name. Errors
// never repeat the URL, which may hold a password.
func postgresSource(raw string) (source.Config, string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return source.Config{}, "", fmt.Errorf("DATABASE_URL is not a PostgreSQL URL with a host")
	}
	port := 0
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return source.Config{}, "", fmt.Errorf("DATABASE_URL has an invalid port")
		}
	}
	pass, _ := u.User.Password()
	mode := u.Query().Get("sslmode")
	switch mode {
	case "":
		mode = source.TLSPrefer
	case "allow":
		mode = source.TLSPrefer
	case "verify-ca", "verify-full":
		mode = strings.ReplaceAll(mode, "-", "_")
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" {
		db = u.User.Username()
	}
	return source.Config{Engine: "postgres", Host: u.Hostname(), Port: port, Username: u.User.Username(),
		Password: vault.NewSecret(pass), Database: db, TLSMode: mode}, db, nil
}

// snapshotDumper picks the dumper of the control plane's dialect.
func (s *Service) snapshotDumper() source.Dumper {
	if s.cfg.Dialect == system.Postgres {
		return postgresDumper{s}
	}
	return sqliteDumper{s}
}
