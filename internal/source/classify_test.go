package source_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

var errDriver = errors.New("driver says no")

// driver classifies errDriver only.
func driver(err error) (connerr.Kind, string, bool) {
	if errors.Is(err, errDriver) {
		return connerr.Permission, "grant it", true
	}
	return "", "", false
}

func TestClassify(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	bg := context.Background()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}

	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want connerr.Kind
	}{
		{"driver first", bg, fmt.Errorf("x: %w", errDriver), connerr.Permission},
		{"already classified", bg, connerr.New(connerr.NotFound, "op", nil, "h"), connerr.NotFound},
		{"cancelled", cancelled, errDriver, connerr.Other},
		{"deadline", expired, errDriver, connerr.Unreachable},
		{"refused", bg, refused, connerr.Unreachable},
		{"no such host", bg, &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, connerr.Unreachable},
		{"DNS server failure", bg, &net.DNSError{Err: "server misbehaving", Name: "x"}, connerr.Unreachable},
		{"timeout", bg, &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}, connerr.Unreachable},
		{"unknown CA", bg, &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, connerr.TLS},
		{"host name", bg, x509.HostnameError{Certificate: &x509.Certificate{}, Host: "h"}, connerr.TLS},
		{"not TLS", bg, tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, connerr.TLS},
		{"server alert", bg, &net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}, connerr.TLS},
		{"anything else", bg, errors.New("boom"), connerr.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := source.Classify(tt.ctx, "connect to x", tt.err, driver)
			require.Equal(t, tt.want, connerr.KindOf(err), "%v", err)
			require.ErrorIs(t, err, tt.err)
			if cause := tt.ctx.Err(); cause != nil {
				require.ErrorIs(t, err, cause)
			}
		})
	}
	require.NoError(t, source.Classify(bg, "op", nil, driver))
}
