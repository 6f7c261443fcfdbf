package mongodb

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// handshakeError is a TLS handshake that failed after the TCP connection was made: the server
// is reachable, and TLS is what went wrong.
type handshakeError struct{ err error }

func (e *handshakeError) Error() string { return "TLS handshake: " + e.err.Error() }
func (e *handshakeError) Unwrap() error { return e.err }

// dialer connects over TCP and, when tlsConf is set, completes the TLS handshake within
// timeout. A MongoDB without TLS reads the ClientHello as the start of a message and waits for
// the rest, so without the bound the handshake would wait for the caller's deadline and look like
// an unreachable host. The driver is given no TLS configuration of its own: it speaks over the
// connection this returns.
type dialer struct {
	tls     *tls.Config
	timeout time.Duration
}

// DialContext implements the driver's options.ContextDialer.
func (d dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := net.Dialer{Timeout: d.timeout}
	conn, err := nd.DialContext(ctx, network, addr)
	if err != nil || d.tls == nil {
		return conn, err
	}
	hctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	tc := tls.Client(conn, d.tls)
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = conn.Close()
		if ctx.Err() != nil {
			return nil, err // the caller gave up; not the server's fault
		}
		return nil, &handshakeError{err: err}
	}
	return tc, nil
}
