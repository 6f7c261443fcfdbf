package mongodb

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/auth"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// TestClassify covers the server's error codes and the driver's errors that the local FerretDB
// cannot produce on demand (it has no users and no TLS), using the driver's own error types.
func TestClassify(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	server := func(code int32) error {
		return mongo.CommandError{Code: code, Name: "Name", Message: "m"}
	}
	tests := []struct {
		name     string
		err      error
		withUser bool
		want     connerr.Kind
	}{
		{"wrong password", server(codeAuthenticationFailed), true, connerr.Auth},
		{"unknown user", server(codeUserNotFound), true, connerr.Auth},
		{"no SCRAM on the server", server(codeMechanismUnavailable), true, connerr.Auth},
		{"SASL conversation failed", fmt.Errorf("handshake: %w", &auth.Error{}), true, connerr.Auth},
		{"unauthorized user", server(codeUnauthorized), true, connerr.Permission},
		{"login required", server(codeUnauthorized), false, connerr.Auth},
		{"namespace not found", server(codeNamespaceNotFound), true, connerr.NotFound},
		{"shutting down", server(codeShutdownInProgress), true, connerr.Unreachable},
		{"interrupted at shutdown", server(codeInterruptedAtShutdown), true, connerr.Unreachable},
		{"other server error", server(2), true, connerr.Other},
		{"missing database", fmt.Errorf("database %q: %w", "app", errNoDatabase), true, connerr.NotFound},
		{"server without TLS", &handshakeError{err: io.EOF}, false, connerr.TLS},
		{"untrusted certificate", &handshakeError{err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, false, connerr.TLS},
		{"heartbeat refused", &unreachableError{err: refused}, false, connerr.Unreachable},
		{"heartbeat DNS", &unreachableError{err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}, false, connerr.Unreachable},
		{"heartbeat closed by the server", &unreachableError{err: io.EOF}, false, connerr.Other},
		{"heartbeat in another protocol", &unreachableError{err: errors.New("malformed reply")}, false, connerr.Other},
		{"selection timed out", topology.ServerSelectionError{Wrapped: context.DeadlineExceeded}, false, connerr.Unreachable},
		{"closed source", errClosed, false, connerr.Other},
		{"disconnected client", mongo.ErrClientDisconnected, false, connerr.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := source.Classify(context.Background(), "test mongodb h:27017", tt.err, classify(tt.withUser))
			require.Equal(t, tt.want, connerr.KindOf(got), "%v", got)
			var ce *connerr.Error
			require.ErrorAs(t, got, &ce)
			require.Equal(t, tt.err, ce.Err, "the cause is kept") // some driver errors are not comparable
			require.NotEmpty(t, ce.Hint, "every classified failure says how to fix it")
		})
	}
}
