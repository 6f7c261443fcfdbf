package postgres_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestTLSModes connects to the local server, which has TLS with a self-signed certificate for
// "localhost", in every mode.
func TestTLSModes(t *testing.T) {
	base := configFor(t, pgtest.NewDatabase(t))
	serverCert := serverCertPEM(t, base.Host, base.Port)
	tests := []struct {
		name string
		mode string
		ca   string
		want connerr.Kind // "" for success
	}{
		{name: "disable", mode: source.TLSDisable},
		{name: "prefer", mode: source.TLSPrefer},
		{name: "require", mode: source.TLSRequire},
		{name: "require with the server's CA", mode: source.TLSRequire, ca: serverCert},
		{name: "verify_ca", mode: source.TLSVerifyCA, ca: serverCert},
		{name: "verify_ca with another CA", mode: source.TLSVerifyCA, ca: newCAPEM(t), want: connerr.TLS},
		{name: "require with another CA", mode: source.TLSRequire, ca: newCAPEM(t), want: connerr.TLS},
		// The certificate names localhost, and the source connects to 127.0.0.1.
		{name: "verify_full with a wrong host name", mode: source.TLSVerifyFull, ca: serverCert, want: connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.TLSMode, cfg.TLSCACert = tt.mode, tt.ca
			_, err := open(t, cfg).Test(context.Background())
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			sourcetest.RequireKind(t, err, tt.want)
		})
	}
}

// TestServerWithoutTLS checks that a server answering "no" to the SSLRequest is a TLS failure
// when TLS is required. The local server has TLS, so a listener plays a server without it: it
// answers every SSLRequest with 'N', as PostgreSQL does with ssl = off.
func TestServerWithoutTLS(t *testing.T) {
	addr := refuseTLSServer(t)
	host, portStr, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	port, err := net.LookupPort("tcp", portStr)
	require.NoError(t, err)
	password := "pw-" + randomHex(12)
	cfg := source.Config{Host: host, Port: port, Username: "postgres", Password: vault.NewSecret(password),
		TLSMode: source.TLSRequire}
	_, err = open(t, cfg).Test(context.Background())
	sourcetest.RequireKind(t, err, connerr.TLS, password)
}

func refuseTLSServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
				msg := make([]byte, 8)
				if _, err := io.ReadFull(conn, msg); err == nil && binary.BigEndian.Uint32(msg[4:]) == 80877103 {
					_, _ = conn.Write([]byte{'N'})
					_, _ = io.Copy(io.Discard, conn)
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// serverCertPEM fetches the server's certificate through an SSLRequest and a handshake.
func serverCertPEM(t *testing.T, host string, port int) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(port)), 10*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	msg := make([]byte, 8)
	binary.BigEndian.PutUint32(msg[0:], 8)
	binary.BigEndian.PutUint32(msg[4:], 80877103)
	_, err = conn.Write(msg)
	require.NoError(t, err)
	answer := make([]byte, 1)
	_, err = io.ReadFull(conn, answer)
	require.NoError(t, err)
	require.Equal(t, byte('S'), answer[0], "the local PostgreSQL must have ssl = on")
	tc := tls.Client(conn, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // fetching the certificate to trust
	require.NoError(t, tc.Handshake())
	leaf := tc.ConnectionState().PeerCertificates[0]
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw}))
}

// newCAPEM returns a fresh self-signed CA certificate that signed nothing.
func newCAPEM(t testing.TB) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "dbackup test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
