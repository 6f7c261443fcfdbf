package source_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/vault"
)

// pki is a CA and a server certificate it signed for db.example.com.
type pki struct {
	caPEM  string
	server tls.Certificate
}

func newPKI(t *testing.T) pki {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "db.example.com"},
		DNSNames: []string{"db.example.com"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	return pki{
		caPEM:  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})),
		server: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
	}
}

// handshake runs a TLS handshake between conf and a server presenting p's certificate.
func handshake(t *testing.T, conf *tls.Config, p pki) error {
	t.Helper()
	// A TCP pair, not net.Pipe: a failing side writes its alert while the other still writes
	// its flight, which deadlocks an unbuffered pipe.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		s, err := ln.Accept()
		if err != nil {
			return
		}
		defer s.Close()
		_ = tls.Server(s, &tls.Config{Certificates: []tls.Certificate{p.server}}).Handshake()
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return tls.Client(c, conf).HandshakeContext(ctx)
}

func TestTLSConfigModes(t *testing.T) {
	good, other := newPKI(t), newPKI(t)
	tests := []struct {
		name    string
		mode    string
		ca      string
		host    string
		wantErr bool
	}{
		{"prefer trusts anything", source.TLSPrefer, "", "other.example.com", false},
		{"require trusts anything", source.TLSRequire, "", "other.example.com", false},
		{"require with the CA verifies the chain", source.TLSRequire, good.caPEM, "other.example.com", false},
		{"require with another CA fails", source.TLSRequire, other.caPEM, "db.example.com", true},
		{"verify_ca ignores the host name", source.TLSVerifyCA, good.caPEM, "other.example.com", false},
		{"verify_ca with another CA fails", source.TLSVerifyCA, other.caPEM, "db.example.com", true},
		{"verify_ca with system CAs fails", source.TLSVerifyCA, "", "db.example.com", true},
		{"verify_full matches", source.TLSVerifyFull, good.caPEM, "db.example.com", false},
		{"verify_full checks the host name", source.TLSVerifyFull, good.caPEM, "other.example.com", true},
		{"verify_full checks an IP", source.TLSVerifyFull, good.caPEM, "127.0.0.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf, err := source.Config{TLSMode: tt.mode, TLSCACert: tt.ca}.TLSConfig(tt.host)
			require.NoError(t, err)
			err = handshake(t, conf, good)
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			kind, hint, ok := source.ClassifyTLS(err)
			require.True(t, ok, "unclassified: %v", err)
			require.Equal(t, connerr.TLS, kind)
			require.NotEmpty(t, hint)
		})
	}
}

func TestTLSConfigDisable(t *testing.T) {
	for _, mode := range []string{"", source.TLSDisable} {
		conf, err := source.Config{TLSMode: mode}.TLSConfig("h")
		require.NoError(t, err)
		require.Nil(t, conf)
	}
}

func TestTLSConfigClientCertificate(t *testing.T) {
	p := newPKI(t)
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.server.Certificate[0]}))
	keyDER, err := x509.MarshalPKCS8PrivateKey(p.server.PrivateKey)
	require.NoError(t, err)
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	otherKeyDER, err := x509.MarshalPKCS8PrivateKey(newPKI(t).server.PrivateKey)
	require.NoError(t, err)
	otherKeyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: otherKeyDER}))

	conf, err := source.Config{TLSMode: source.TLSRequire, TLSClientCert: certPEM, TLSClientKey: vault.NewSecret(keyPEM)}.TLSConfig("h")
	require.NoError(t, err)
	require.Len(t, conf.Certificates, 1)

	tests := []struct {
		name   string
		cfg    source.Config
		wantOp string
	}{
		{"key without certificate", source.Config{TLSClientKey: vault.NewSecret(keyPEM)}, source.FieldTLSClientCert},
		{"certificate without key", source.Config{TLSClientCert: certPEM}, source.FieldTLSClientKey},
		{"key of another certificate", source.Config{TLSClientCert: certPEM, TLSClientKey: vault.NewSecret(otherKeyPEM)}, source.FieldTLSClientCert},
		{"CA not PEM", source.Config{TLSCACert: "nope"}, source.FieldTLSCACert},
		{"unknown mode", source.Config{TLSMode: "always"}, source.FieldTLSMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cfg.TLSMode == "" {
				tt.cfg.TLSMode = source.TLSRequire
			}
			_, err := tt.cfg.TLSConfig("h")
			var ce *connerr.Error
			require.ErrorAs(t, err, &ce)
			require.Equal(t, connerr.Config, ce.Kind)
			require.Equal(t, tt.wantOp, ce.Op)
			require.NotContains(t, err.Error(), "PRIVATE KEY")
			require.NotContains(t, err.Error(), keyPEM[40:80])
			require.NotContains(t, err.Error(), otherKeyPEM[40:80])
		})
	}
}
