package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/testutil/redistest"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
)

// redisState is every key of databases 0 to 3 with its type, value and whether it expires, as text.
func redisState(t *testing.T, c *redis.Client) string {
	ctx := context.Background()
	var out []string
	for db := range 4 {
		conn := c.Conn()
		require.NoError(t, conn.Select(ctx, db).Err())
		keys, err := conn.Keys(ctx, "*").Result()
		require.NoError(t, err)
		slices.Sort(keys)
		for _, k := range keys {
			typ := conn.Type(ctx, k).Val()
			var v any
			switch typ {
			case "string":
				v = conn.Get(ctx, k).Val()
			case "hash":
				v = conn.HGetAll(ctx, k).Val()
			case "list":
				v = conn.LRange(ctx, k, 0, -1).Val()
			case "set":
				m := conn.SMembers(ctx, k).Val()
				slices.Sort(m)
				v = m
			case "zset":
				v = conn.ZRangeWithScores(ctx, k, 0, -1).Val()
			}
			out = append(out, fmt.Sprintf("db%d %s %s %v expires=%v", db, k, typ, v, conn.TTL(ctx, k).Val() > 0))
		}
		require.NoError(t, conn.Close())
	}
	return strings.Join(out, "\n")
}

// seedRedis writes every basic type into databases 0 and 2 of a scratch server.
func seedRedis(t *testing.T, c *redis.Client) {
	ctx := context.Background()
	for _, db := range []int{0, 2} {
		conn := c.Conn()
		require.NoError(t, conn.Select(ctx, db).Err())
		for i := range 200 {
			require.NoError(t, conn.Set(ctx, fmt.Sprintf("s:%d:%d", db, i), strings.Repeat("v", i), 0).Err())
		}
		require.NoError(t, conn.HSet(ctx, "h", "a", "1", "b", "2").Err())
		require.NoError(t, conn.RPush(ctx, "l", "x", "y", "z").Err())
		require.NoError(t, conn.SAdd(ctx, "set", "p", "q").Err())
		require.NoError(t, conn.ZAdd(ctx, "z", redis.Z{Score: 1.5, Member: "m"}, redis.Z{Score: 3, Member: "n"}).Err())
		require.NoError(t, conn.Set(ctx, "ttl", "soon", time.Hour).Err())
		require.NoError(t, conn.Close())
	}
}

// TestRedisBackupThroughLocalS3AndSFTP snapshots a Redis server to a local folder, S3 and SFTP at
// once, encrypted, and restores each copy into another server: only into one marked replaceable
// (the check says MANUAL with the steps otherwise), replacing what was there.
func TestRedisBackupThroughLocalS3AndSFTP(t *testing.T) {
	srcPort, srcClient := redistest.Scratch(t)
	dstPort, dstClient := redistest.Scratch(t)
	seedRedis(t, srcClient)
	want := redisState(t, srcClient)
	gw := s3test.Start(t)
	sftpSrv := sftptest.New(t)
	secret(sftpSrv.Password)
	e := newBackupEnv(t)

	redisSource := func(name string, port int, replaceable bool) string {
		return e.do(createSourceOp, map[string]any{"in": map[string]any{"name": name, "engine": "redis",
			"settings": kv(map[string]string{"host": "127.0.0.1", "port": fmt.Sprint(port), "replaceable": fmt.Sprint(replaceable)})}}, "createSource")["id"].(string)
	}
	src := redisSource("cache", srcPort, false)
	locked := redisSource("target-locked", dstPort, false)
	target := redisSource("target", dstPort, true)
	sftpDest := e.do(createDestOp, map[string]any{"in": map[string]any{"name": "sftp", "kind": "sftp",
		"settings": kv(map[string]string{"host": sftpSrv.Host, "port": fmt.Sprint(sftpSrv.Port), "username": sftpSrv.User,
			"path": "/", "host_key_fingerprint": sftpSrv.HostKeyFingerprint}),
		"secrets": kv(map[string]string{"password": sftpSrv.Password})}}, "createDestination")["id"].(string)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")["id"].(string)
	exe := e.run(e.job("cache", src, nil, profile, e.localDest("disk", t.TempDir()), e.s3Dest("s3", gw), sftpDest))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	bs := backupsOf(exe)
	require.Len(t, bs, 3)
	require.True(t, strings.HasSuffix(exe["objectKey"].(string), ".rdb.zst.enc"), exe["objectKey"])

	const checkOp = `query($b: ID!, $s: ID!) { restoreCheck(backup: $b, targetSource: $s) { method manualSteps warnings } }`
	check := e.do(checkOp, map[string]any{"b": bs[0]["id"], "s": locked}, "restoreCheck")
	require.Equal(t, "MANUAL", check["method"])
	require.NotEmpty(t, check["manualSteps"])
	require.Contains(t, fmt.Sprint(check["warnings"]), "not marked replaceable")
	r := gqlVars(t, e.url, restoreOp, map[string]any{"b": bs[0]["id"], "s": locked}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "targetSourceId", errorField(r))
	require.Equal(t, "FLUSH_AND_REPLAY", e.do(checkOp, map[string]any{"b": bs[0]["id"], "s": target}, "restoreCheck")["method"])

	for _, b := range bs {
		require.NoError(t, dstClient.FlushAll(context.Background()).Err())
		require.NoError(t, dstClient.Set(context.Background(), "left-over", "gone after the restore", 0).Err())
		res := e.restore(b["id"].(string), target, nil)
		require.Equal(t, "SUCCESS", res["status"], "%v from %v", res, b["destination"])
		require.Equal(t, want, redisState(t, dstClient), "restored from %v", b["destination"])
	}
}
