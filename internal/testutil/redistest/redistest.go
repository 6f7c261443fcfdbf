// Package redistest gives tests keys, and ACL users, on the local Redis (or Valkey) server,
// removed after the test. A missing server fails the test: scripts/test.sh starts it, and CI
// must not skip.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultAddr is the local server, without a password, as on the development machines.
const DefaultAddr = "127.0.0.1:6379"

// DB is the logical database tests write into, away from db 0 where a developer's own data is
// most likely to live.
const DB = 3

// timeout bounds each administrative command.
const timeout = 10 * time.Second

// Addr returns REDIS_TEST_ADDR or DefaultAddr.
func Addr() string {
	if a := os.Getenv("REDIS_TEST_ADDR"); a != "" {
		return a
	}
	return DefaultAddr
}

// HostPort returns Addr split into host and port.
func HostPort(t testing.TB) (string, int) {
	t.Helper()
	host, port, err := net.SplitHostPort(Addr())
	if err != nil {
		t.Fatalf("redistest: REDIS_TEST_ADDR: %v", err)
	}
	p, err := net.LookupPort("tcp", port)
	if err != nil {
		t.Fatalf("redistest: REDIS_TEST_ADDR: %v", err)
	}
	return host, p
}

// NewKey writes a uniquely named key (dbackup_test_<hex>) into database DB, so that DB shows
// in INFO keyspace, and returns the key. At the end of the test only the keys this test wrote
// are deleted, never the whole database: tests of other packages share the server and DB and
// run at the same time.
func NewKey(t testing.TB) string {
	t.Helper()
	c := client(t, DB)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	key := "dbackup_test_" + randomHex(6)
	if err := c.Set(ctx, key, "dbackup", 0).Err(); err != nil {
		t.Fatalf("redistest: set %s: %v", key, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := c.Del(ctx, key).Err(); err != nil {
			t.Errorf("redistest: delete %s: %v", key, err)
		}
	})
	return key
}

// NewUser creates a uniquely named ACL user with a random password and the given ACL rules
// (such as "+@all", "~*" or "-@all"), and returns its name and password. The user is deleted
// when the test ends.
func NewUser(t testing.TB, rules ...string) (user, password string) {
	t.Helper()
	c := client(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	user = "dbackup_test_" + randomHex(6)
	password = "pw-" + randomHex(12)
	args := append([]any{"ACL", "SETUSER", user, "reset", "on", ">" + password}, toAny(rules)...)
	if err := c.Do(ctx, args...).Err(); err != nil {
		t.Fatalf("redistest: ACL SETUSER: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := c.Do(ctx, "ACL", "DELUSER", user).Err(); err != nil {
			t.Errorf("redistest: ACL DELUSER %s: %v", user, err)
		}
	})
	return user, password
}

// client connects to db as the default user and closes the client when the test ends.
func client(t testing.TB, db int) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: Addr(), DB: db, Protocol: 2, DisableIdentity: true})
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		t.Fatalf("redistest: Redis is not reachable at %s (%v); start it (scripts/test.sh does) or set REDIS_TEST_ADDR", Addr(), err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// serverStartup bounds how long a scratch redis-server may take to answer PING.
const serverStartup = 10 * time.Second

// Scratch starts a private redis-server without persistence on a free loopback port, stopped
// when the test ends, and returns its port and a client. Restores replace a server's whole data
// set, so they cannot target the shared test server.
func Scratch(t testing.TB) (int, *redis.Client) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redistest: redis-server is needed for restore tests: apt-get install redis-server (scripts/test.sh does)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()

	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", t.TempDir(),
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		t.Fatalf("redistest: start redis-server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	c := redis.NewClient(&redis.Options{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Protocol: 2, DisableIdentity: true})
	t.Cleanup(func() { _ = c.Close() })
	deadline := time.Now().Add(serverStartup)
	for {
		err := c.Ping(context.Background()).Err()
		if err == nil {
			return port, c
		}
		if time.Now().After(deadline) {
			t.Fatalf("redistest: redis-server on port %d did not start: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
