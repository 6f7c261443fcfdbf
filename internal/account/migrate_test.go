package account

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

// accountsMigration is the number of the migration that adds sessions and the TOTP columns.
const accountsMigration = 3

// TestAccountsMigrationKeepsMembershipsAndKeys upgrades a database with a user in a group and
// an API key across the accounts migration. Atlas's generated SQLite migration rebuilt the users
// table, which inside golang-migrate's transaction cascaded into group_users and api_keys.
func TestAccountsMigrationKeepsMembershipsAndKeys(t *testing.T) {
	ctx := viewer.SystemContext(context.Background())
	sqlite, err := database.ParseURL("sqlite://" + filepath.Join(t.TempDir(), "dbackup.db"))
	require.NoError(t, err)
	pg, err := database.ParseURL(pgtest.NewDatabase(t))
	require.NoError(t, err)
	for _, cfg := range []database.Config{sqlite, pg} {
		t.Run(string(cfg.Dialect), func(t *testing.T) {
			require.NoError(t, database.Migrate(ctx, cfg, accountsMigration-1))
			db, err := database.Open(ctx, cfg)
			require.NoError(t, err)
			defer db.Close()
			for _, q := range []string{
				`INSERT INTO users (id, create_time, update_time, username, disabled) VALUES ('usr_1', '2026-01-01', '2026-01-01', 'alice', false)`,
				`INSERT INTO groups (id, create_time, update_time, name, builtin) VALUES ('grp_1', '2026-01-01', '2026-01-01', 'Admins', true)`,
				`INSERT INTO group_users (group_id, user_id) VALUES ('grp_1', 'usr_1')`,
				`INSERT INTO api_keys (id, create_time, update_time, name, prefix, user_api_keys) VALUES ('key_1', '2026-01-01', '2026-01-01', 'ci', 'dbk_x', 'usr_1')`,
			} {
				_, err := db.ExecContext(ctx, q)
				require.NoError(t, err, q)
			}
			require.NoError(t, database.Migrate(ctx, cfg, 0))
			var members, owned int
			require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM group_users`).Scan(&members))
			require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM api_keys WHERE user_api_keys = 'usr_1'`).Scan(&owned))
			require.Equal(t, 1, members)
			require.Equal(t, 1, owned)
			var enabled bool
			require.NoError(t, db.QueryRowContext(ctx, `SELECT totp_enabled FROM users WHERE id = 'usr_1'`).Scan(&enabled))
			require.False(t, enabled)
		})
	}
}
