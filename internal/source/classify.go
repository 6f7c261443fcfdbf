package source

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/dbackup/dbackup/internal/connerr"
)

// Classifier recognises a driver's own errors (server error codes, driver sentinels). ok is
// false for errors it does not know; Classify then tries the network and TLS errors every
// driver shares.
type Classifier func(err error) (kind connerr.Kind, hint string, ok bool)

// Classify turns err from an operation described by op (such as "connect to postgres
// 10.0.0.5:5432") into a *connerr.Error. An error that is already classified is returned as it
// is. A done ctx is the cause whatever the driver says: cancellation is Other and a deadline is
// Unreachable, and the result then wraps ctx.Err() so that errors.Is(err, context.Canceled)
// holds. Nil stays nil.
func Classify(ctx context.Context, op string, err error, driver Classifier) error {
	if err == nil {
		return nil
	}
	var ce *connerr.Error
	if errors.As(err, &ce) {
		return err
	}
	if cause := ctx.Err(); cause != nil {
		if !errors.Is(err, cause) {
			err = fmt.Errorf("%w: %w", cause, err)
		}
		if errors.Is(cause, context.DeadlineExceeded) {
			return connerr.New(connerr.Unreachable, op, err, "the server did not answer in time: check the host, the port and firewalls")
		}
		return connerr.New(connerr.Other, op, err, "the operation was cancelled")
	}
	if driver != nil {
		if kind, hint, ok := driver(err); ok {
			return connerr.New(kind, op, err, hint)
		}
	}
	kind, hint := classifyNetwork(err)
	return connerr.New(kind, op, err, hint)
}

// classifyNetwork recognises TLS and network errors; anything else is Other.
func classifyNetwork(err error) (connerr.Kind, string) {
	if kind, hint, ok := ClassifyTLS(err); ok {
		return kind, hint
	}
	var dnsErr *net.DNSError
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return connerr.Unreachable, "the host name does not resolve: check its spelling and DNS"
	case errors.Is(err, syscall.ECONNREFUSED):
		return connerr.Unreachable, "nothing accepts connections on that port: check the host, the port and that the server runs"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return connerr.Unreachable, "the server did not answer in time: check the host, the port and firewalls"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return connerr.Unreachable, "no route to the host: check the address and the network"
	case errors.As(err, &dnsErr), errors.As(err, &opErr):
		return connerr.Unreachable, "check the host, the port and the network"
	case errors.Is(err, context.Canceled):
		return connerr.Other, "the operation was cancelled"
	}
	return connerr.Other, ""
}

// ClassifyTLS recognises failed TLS handshakes and certificate checks.
func ClassifyTLS(err error) (connerr.Kind, string, bool) {
	var (
		verifyErr   *tls.CertificateVerificationError
		unknownCA   x509.UnknownAuthorityError
		hostnameErr x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
		opErr       *net.OpError
	)
	switch {
	case errors.As(err, &hostnameErr):
		return connerr.TLS, "the server's certificate is not for this host name: connect by a name it lists, or use TLS mode verify_ca", true
	case errors.As(err, &unknownCA):
		return connerr.TLS, "the server's certificate is not signed by the CA: paste the CA that signed it, or use TLS mode require", true
	case errors.As(err, &invalidErr):
		return connerr.TLS, "the server's certificate is invalid (expired or not for server use): renew it", true
	case errors.As(err, &verifyErr):
		return connerr.TLS, "the server's certificate could not be verified: check the CA certificate", true
	case errors.As(err, &recordErr):
		return connerr.TLS, "the server does not speak TLS on this port: enable TLS on the server or set TLS mode to disable", true
	case errors.As(err, &alertErr),
		// crypto/tls reports an alert from the server as a net.OpError with this Op.
		errors.As(err, &opErr) && opErr.Op == "remote error":
		return connerr.TLS, "the server rejected the TLS handshake: check the client certificate and TLS settings", true
	}
	return "", "", false
}
