package redis_test

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
)

// serverStartup bounds how long a scratch redis-server may take to answer PING.
const serverStartup = 10 * time.Second

// scratchServer starts a private redis-server without persistence on a free loopback port,
// stopped when the test ends, and returns its port and a client. Restores replace a server's
// whole data set, so they cannot target the shared test server.
func scratchServer(t *testing.T) (int, *redis.Client) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	require.NoError(t, err, "redis-server is needed for restore tests: apt-get install redis-server (or valkey-server as redis-server)")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())

	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", t.TempDir(),
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	require.NoError(t, cmd.Start())
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
		require.True(t, time.Now().Before(deadline), "redis-server on port %d did not start: %v", port, err)
		time.Sleep(50 * time.Millisecond)
	}
}
