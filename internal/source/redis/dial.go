package redis

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// handshakeError is a TLS handshake that failed after the TCP connection was made: the server
// is reachable, and TLS is what went wrong.
type handshakeError struct{ err error }

func (e *handshakeError) Error() string { return "TLS handshake: " + e.err.Error() }
func (e *handshakeError) Unwrap() error { return e.err }

// dialer connects over TCP and, when tlsConf is set, completes the TLS handshake within timeout.
// A Redis without TLS never answers a ClientHello, so without the bound the handshake would wait
// for the caller's deadline and look like an unreachable host.
func dialer(tlsConf *tls.Config, timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{Timeout: timeout}
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil || tlsConf == nil {
			return conn, err
		}
		hctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		tc := tls.Client(conn, tlsConf)
		if err := tc.HandshakeContext(hctx); err != nil {
			_ = conn.Close()
			if ctx.Err() != nil {
				return nil, err // the caller gave up; not the server's fault
			}
			return nil, &handshakeError{err: err}
		}
		return tc, nil
	}
}

// classify maps Redis's error replies and failed handshakes onto connerr kinds.
func classify(err error) (connerr.Kind, string, bool) {
	var hsErr *handshakeError
	switch {
	case redis.IsAuthError(err):
		return connerr.Auth, "check the username and password (Redis 6 ACL users need both)", true
	case redis.IsPermissionError(err):
		return connerr.Permission, "allow the ACL user the commands a backup needs (INFO, PING, SELECT, and SYNC or BGSAVE)", true
	case errors.As(err, &hsErr):
		if kind, hint, ok := source.ClassifyTLS(err); ok {
			return kind, hint, true
		}
		return connerr.TLS, "the server did not complete a TLS handshake: enable TLS on the server's port (tls-port), or set TLS mode to disable", true
	}
	return "", "", false
}

// classifySelect classifies a failed SELECT of database db: once connected and allowed, the
// only reply SELECT gives to a valid number is that the server has fewer databases.
func classifySelect(db int) source.Classifier {
	return func(err error) (connerr.Kind, string, bool) {
		if kind, hint, ok := classify(err); ok {
			return kind, hint, true
		}
		var reply redis.Error
		if errors.As(err, &reply) {
			return connerr.NotFound, "the server has no database " + strconv.Itoa(db) +
				": use a number below its databases setting (16 by default)", true
		}
		return "", "", false
	}
}
