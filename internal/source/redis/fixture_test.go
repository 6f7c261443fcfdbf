package redis_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/redistest"
)

// fixtureDBs are the logical databases the fixture writes to, on the shared server.
var fixtureDBs = []int{redistest.DB, redistest.DB + 1, redistest.DB + 2}

// manyKeys is the number of small strings the fixture adds to each database, more than one
// pipelined batch of a restore holds.
const manyKeys = 300

// fixture is a set of keys of every type, in several encodings and with expiry times, under a
// prefix unique to the test.
type fixture struct {
	prefix string
	keys   []string
	lib    string // function library name
}

// seedFixture writes the fixture into every database of fixtureDBs on the shared server and
// deletes it when the test ends.
func seedFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	// NewKey gives a unique name and cleans up after itself; it also seeds database 3.
	prefix := redistest.NewKey(t) + ":"
	f := fixture{prefix: prefix, lib: strings.ReplaceAll(strings.TrimSuffix(prefix, ":"), "-", "_")}
	bulk := func(n int, f func(i int) string) []any {
		out := make([]any, 0, n)
		for i := range n {
			out = append(out, f(i))
		}
		return out
	}
	for _, db := range fixtureDBs {
		c := sharedClient(t, db)
		k := func(name string) string { return prefix + name }
		p := c.Pipeline()
		p.Set(ctx, k("str-int"), "12345", 0)
		p.Set(ctx, k("str-long"), strings.Repeat("compressible ", 500), 0)
		p.Set(ctx, k("str-bin"), "\x00\xff\r\n"+strconv.Itoa(db), 0)
		p.Set(ctx, k("ttl-ms"), "soon", time.Hour)
		p.Set(ctx, k("ttl-s"), "later", 0)
		p.Expire(ctx, k("ttl-s"), 2*time.Hour)
		p.RPush(ctx, k("list-small"), "a", "b", "c")
		p.RPush(ctx, k("list-big"), bulk(3000, func(i int) string { return fmt.Sprintf("item-%06d", i) })...)
		p.SAdd(ctx, k("set-int"), 1, 2, 3)
		p.SAdd(ctx, k("set-small"), "a", "b")
		p.SAdd(ctx, k("set-big"), bulk(700, func(i int) string { return "member-" + strconv.Itoa(i) })...)
		p.HSet(ctx, k("hash-small"), "f1", "v1", "f2", "2")
		p.HSet(ctx, k("hash-big"), bulk(1400, func(i int) string { return "x" + strconv.Itoa(i) })...)
		p.ZAdd(ctx, k("zset-small"), redis.Z{Score: 1.5, Member: "a"}, redis.Z{Score: -2, Member: "b"})
		p.ZAdd(ctx, k("zset-big"), zs(300)...)
		p.PExpire(ctx, k("zset-big"), 90*time.Minute)
		for i := range 3 {
			p.XAdd(ctx, &redis.XAddArgs{Stream: k("stream"), Values: []any{"n", i, "db", db}})
		}
		p.XGroupCreate(ctx, k("stream"), "g", "0")
		p.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "alice", Streams: []string{k("stream"), ">"}, Count: 2})
		for i := range manyKeys {
			p.Set(ctx, k("many-"+strconv.Itoa(i)), i, 0)
		}
		_, err := p.Exec(ctx)
		require.NoError(t, err)
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			keys, err := c.Keys(ctx, prefix+"*").Result()
			if err == nil && len(keys) > 0 {
				err = c.Del(ctx, keys...).Err()
			}
			if err != nil {
				t.Errorf("delete fixture keys: %v", err)
			}
		})
	}
	f.keys = []string{"str-int", "str-long", "str-bin", "ttl-ms", "ttl-s", "list-small", "list-big", "set-int",
		"set-small", "set-big", "hash-small", "hash-big", "zset-small", "zset-big", "stream"}
	for i := range manyKeys {
		f.keys = append(f.keys, "many-"+strconv.Itoa(i))
	}
	for i := range f.keys {
		f.keys[i] = prefix + f.keys[i]
	}

	c := sharedClient(t, 0)
	code := "#!lua name=" + f.lib + "\nredis.register_function('" + f.lib + "_one', function() return 1 end)"
	require.NoError(t, c.FunctionLoad(ctx, code).Err())
	t.Cleanup(func() { _ = c.FunctionDelete(context.Background(), f.lib).Err() })
	return f
}

func zs(n int) []redis.Z {
	out := make([]redis.Z, n)
	for i := range out {
		out[i] = redis.Z{Score: float64(i) / 3, Member: "m" + strconv.Itoa(i)}
	}
	return out
}

// sharedClient connects to database db of the shared test server as the default user.
func sharedClient(t *testing.T, db int) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: redistest.Addr(), DB: db, Protocol: 2, DisableIdentity: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// state reads every key of f in database db of c: type, encoding, expiry time and value, in a
// form that compares equal across servers.
func (f fixture) state(t *testing.T, c *redis.Client, db int) map[string][]any {
	t.Helper()
	ctx := context.Background()
	conn := c.Conn()
	defer conn.Close()
	require.NoError(t, conn.Select(ctx, db).Err())
	out := map[string][]any{}
	for _, key := range f.keys {
		typ, err := conn.Type(ctx, key).Result()
		require.NoError(t, err)
		expiry, err := conn.PExpireTime(ctx, key).Result()
		require.NoError(t, err)
		encoding, err := conn.ObjectEncoding(ctx, key).Result()
		require.NoError(t, err)
		var value any
		switch typ {
		case "string":
			value, err = conn.Get(ctx, key).Result()
		case "list":
			value, err = conn.LRange(ctx, key, 0, -1).Result()
		case "set":
			var m []string
			m, err = conn.SMembers(ctx, key).Result()
			slices.Sort(m)
			value = m
		case "hash":
			value, err = conn.HGetAll(ctx, key).Result()
		case "zset":
			value, err = conn.ZRangeWithScores(ctx, key, 0, -1).Result()
		case "stream":
			var entries []redis.XMessage
			entries, err = conn.XRange(ctx, key, "-", "+").Result()
			require.NoError(t, err)
			var groups []redis.XInfoGroup
			groups, err = conn.XInfoGroups(ctx, key).Result()
			value = []any{entries, groups}
		}
		require.NoError(t, err, key)
		out[key] = []any{typ, encoding, expiry, value}
	}
	return out
}
