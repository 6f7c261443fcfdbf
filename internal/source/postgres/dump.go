package postgres

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/dbackup/dbackup/internal/source"
)

// FormatCustom is the format of the dumps: pg_dump's custom archive, uncompressed because
// DBackup compresses the stream itself.
const FormatCustom = "pg_dump-custom"

var (
	_ source.Dumper   = (*Postgres)(nil)
	_ source.Restorer = (*Postgres)(nil)
)

// Dump streams `pg_dump -Fc -Z0` of db into w. It first connects to db, so that a missing
// database or a refused login is classified as Test classifies it, and to learn the server's
// major version, which picks the pg_dump to run.
func (p *Postgres) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	server, major, err := p.serverVersion(ctx, db)
	if err != nil {
		return source.DumpInfo{}, err
	}
	t, err := p.tools.find(ctx, "pg_dump", major)
	if err != nil {
		return source.DumpInfo{}, err
	}
	info := source.DumpInfo{Format: FormatCustom, ServerVersion: server, ToolVersion: t.version}
	env, err := p.newClientEnv()
	if err != nil {
		return info, err
	}
	defer env.close()
	args := []string{"--format=custom", "--compress=0", "--no-password", "--dbname=" + conninfoDB(db)}
	op := "pg_dump " + db + " on postgres " + p.addr
	if err := runTool(ctx, op, t, env.vars, args, nil, &trackingWriter{w: w}); err != nil {
		return info, err
	}
	return info, nil
}

// serverVersion connects to db and returns the server's version, such as "PostgreSQL 16.4",
// and its major number.
func (p *Postgres) serverVersion(ctx context.Context, db string) (string, int, error) {
	cc := p.pool.Config().ConnConfig.Copy()
	cc.Database = db
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return "", 0, p.connectError(ctx, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var version string
	var num int
	err = conn.QueryRow(ctx, "SELECT current_setting('server_version'), current_setting('server_version_num')::int").
		Scan(&version, &num)
	if err != nil {
		return "", 0, source.Classify(ctx, "read the version of postgres "+p.addr, err, classify)
	}
	// Since PostgreSQL 10 the major version is num / 10000; before, 90624 was 9.6, for which
	// any 9.x or newer client works well enough to report the mismatch.
	return "PostgreSQL " + version, num / 10000, nil
}
