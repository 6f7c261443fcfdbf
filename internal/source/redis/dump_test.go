package redis_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/redistest"
	"github.com/dbackup/dbackup/internal/vault"
)

// dumpRules are the least ACL rules that Dump needs.
var dumpRules = []string{"+info", "+sync", "+replconf"}

// restoreRules are the least ACL rules that Restore needs.
var restoreRules = []string{"+flushall", "+select", "+restore", "+function", "~*"}

// testTimeout bounds each dump and restore; a disk-based snapshot of the shared server takes
// well under a second, a diskless one adds the server's repl-diskless-sync-delay.
const testTimeout = 60 * time.Second

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// dumpShared dumps the shared server as a user with dumpRules.
func dumpShared(t *testing.T) []byte {
	t.Helper()
	user, password := redistest.NewUser(t, dumpRules...)
	cfg := baseConfig(t)
	cfg.Username, cfg.Password = user, vault.NewSecret(password)
	var buf bytes.Buffer
	info, err := open(t, cfg).Dump(ctxFor(t), "db3", &buf)
	require.NoError(t, err)
	require.Equal(t, redis.FormatRDB, info.Format)
	require.Regexp(t, `^(Redis|Valkey) \d+\.\d+`, info.ServerVersion)
	require.Empty(t, info.ToolVersion)
	return buf.Bytes()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	f := seedFixture(t)
	dump := dumpShared(t)
	require.True(t, bytes.HasPrefix(dump, []byte("REDIS")), "the dump starts with the RDB magic")
	keys, err := redis.RDBKeys(bytes.NewReader(dump))
	require.NoError(t, err, "the dump is a complete RDB with a valid checksum")
	for _, db := range fixtureDBs {
		require.Subset(t, keys[db], f.keys, "database %d holds the fixture", db)
	}

	port, target := redistest.Scratch(t)
	ctx := context.Background()
	require.NoError(t, target.Do(ctx, append([]any{"ACL", "SETUSER", "restorer", "reset", "on", ">pw"}, toAny(restoreRules)...)...).Err())
	require.NoError(t, target.Set(ctx, "stale", "removed by the restore", 0).Err())
	r := open(t, source.Config{Engine: "redis", Host: "127.0.0.1", Port: port, Username: "restorer", Password: vault.NewSecret("pw")})

	err = r.Restore(ctxFor(t), "db3", bytes.NewReader(dump), source.RestoreOptions{Format: redis.FormatRDB, Create: true})
	require.NoError(t, err)

	require.Zero(t, target.Exists(ctx, "stale").Val(), "the restore replaces the whole data set")
	shared := sharedClient(t, 0)
	for _, db := range fixtureDBs {
		want, got := f.state(t, shared, db), f.state(t, target, db)
		require.Equal(t, want, got, "database %d", db)
		encodings := map[string]bool{}
		for _, s := range want {
			encodings[s[0].(string)+"/"+s[1].(string)] = true
		}
		for _, e := range []string{"string/int", "string/raw", "list/quicklist", "set/intset", "set/hashtable",
			"hash/listpack", "hash/hashtable", "zset/listpack", "zset/skiplist", "stream/stream"} {
			require.True(t, encodings[e], "the fixture covers %s (has %v)", e, encodings)
		}
	}
	ttl := target.Conn()
	defer ttl.Close()
	require.NoError(t, ttl.Select(ctx, redistest.DB).Err())
	require.InDelta(t, time.Hour, ttl.PTTL(ctx, f.prefix+"ttl-ms").Val(), float64(time.Minute), "expiry times survive")
	libs, err := target.FunctionList(ctx, goredis.FunctionListQuery{LibraryNamePattern: f.lib}).Result()
	require.NoError(t, err)
	require.Len(t, libs, 1, "function libraries are restored")
}

func TestDumpNeedsSyncPermission(t *testing.T) {
	user, password := redistest.NewUser(t, "+info", "+replconf")
	cfg := baseConfig(t)
	cfg.Username, cfg.Password = user, vault.NewSecret(password)
	_, err := open(t, cfg).Dump(ctxFor(t), "db0", io.Discard)
	sourcetest.RequireKind(t, err, connerr.Permission, password)
	var ce *connerr.Error
	require.ErrorAs(t, err, &ce)
	require.Contains(t, ce.Hint, "+sync")
}

func TestDumpWrongPassword(t *testing.T) {
	user, password := redistest.NewUser(t, dumpRules...)
	cfg := baseConfig(t)
	cfg.Username, cfg.Password = user, vault.NewSecret(password+"-wrong")
	_, err := open(t, cfg).Dump(ctxFor(t), "db0", io.Discard)
	sourcetest.RequireKind(t, err, connerr.Auth, password)
}

func TestDumpCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := open(t, baseConfig(t)).Dump(ctx, "db0", io.Discard)
	require.ErrorIs(t, err, context.Canceled)
}

func TestRestoreFailures(t *testing.T) {
	redistest.NewKey(t) // so that the dump holds a key to restore
	dump := dumpShared(t)
	tests := []struct {
		name   string
		rules  []string
		backup []byte
		format string
		want   connerr.Kind
		is     error
		// untouched says the target is left as it was: the restore failed before FLUSHALL.
		untouched bool
	}{
		{"other format", restoreRules, dump, "sqlite-file", connerr.Config, redis.ErrFormat, true},
		{"no FLUSHALL permission", []string{"+select", "+restore", "+function", "~*"}, dump, redis.FormatRDB, connerr.Permission, nil, true},
		{"no RESTORE permission", []string{"+flushall", "+select", "+function", "~*"}, dump, redis.FormatRDB, connerr.Permission, nil, false},
		{"truncated backup", restoreRules, dump[:len(dump)/2], redis.FormatRDB, connerr.Other, redis.ErrCorrupt, false},
		{"not a backup", restoreRules, []byte("hello"), redis.FormatRDB, connerr.Other, redis.ErrCorrupt, true},
		{"newer RDB version", restoreRules, []byte("REDIS0099"), redis.FormatRDB, connerr.Other, redis.ErrUnsupported, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port, target := redistest.Scratch(t)
			ctx := context.Background()
			require.NoError(t, target.Do(ctx, append([]any{"ACL", "SETUSER", "restorer", "reset", "on", ">pw"}, toAny(tt.rules)...)...).Err())
			require.NoError(t, target.Set(ctx, "kept", "v", 0).Err())
			r := open(t, source.Config{Engine: "redis", Host: "127.0.0.1", Port: port, Username: "restorer", Password: vault.NewSecret("pw")})
			err := r.Restore(ctxFor(t), "db0", bytes.NewReader(tt.backup), source.RestoreOptions{Format: tt.format})
			sourcetest.RequireKind(t, err, tt.want, "pw")
			if tt.is != nil {
				require.True(t, errors.Is(err, tt.is), "%v is %v", err, tt.is)
			}
			if tt.want == connerr.Permission {
				var ce *connerr.Error
				require.ErrorAs(t, err, &ce)
				require.Contains(t, ce.Hint, "ACL SETUSER")
			}
			if tt.untouched {
				require.Equal(t, int64(1), target.Exists(ctx, "kept").Val(), "a refused restore leaves the target as it was")
			}
		})
	}
}
