package mongotest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// certLifetime is how long the test certificates are valid: longer than any test run.
const certLifetime = 24 * time.Hour

// TLS is the certificate material of a server started with StartTLS, in PEM form.
type TLS struct {
	// CACert is the CA that signed the server's certificate and ClientCert.
	CACert string
	// ClientCert and ClientKey are a client certificate the CA signed.
	ClientCert string
	ClientKey  string
}

// StartTLS runs a server that speaks TLS only, as a MongoDB with net.tls.mode requireTLS, with a
// certificate for the name localhost (and no IP address) signed by a fresh CA. With
// requireClientCert the server also requires a client certificate signed by that CA.
func StartTLS(t testing.TB, requireClientCert bool) (*Server, TLS) {
	t.Helper()
	dir := t.TempDir()
	caKey, caCert := newCert(t, nil, nil, x509.Certificate{
		Subject:               pkix.Name{CommonName: "dbackup mongotest CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	})
	serverKey, serverCert := newCert(t, caKey, caCert, x509.Certificate{
		Subject:     pkix.Name{CommonName: "localhost"},
		DNSNames:    []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	clientKey, clientCert := newCert(t, caKey, caCert, x509.Certificate{
		Subject:     pkix.Name{CommonName: "dbackup"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	m := TLS{CACert: certPEM(caCert), ClientCert: certPEM(clientCert), ClientKey: keyPEM(t, clientKey)}
	args := []string{
		"-tls-cert", writeFile(t, dir, "server.pem", certPEM(serverCert)),
		"-tls-key", writeFile(t, dir, "server.key", keyPEM(t, serverKey)),
	}
	if requireClientCert {
		args = append(args, "-tls-ca", writeFile(t, dir, "ca.pem", m.CACert))
	}
	return start(t, args...), m
}

// newCert creates a certificate from tmpl signed by parent (self-signed when parent is nil).
func newCert(t testing.TB, parentKey *ecdsa.PrivateKey, parent *x509.Certificate, tmpl x509.Certificate) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("mongotest: %v", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatalf("mongotest: %v", err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(certLifetime)
	if parent == nil {
		parent, parentKey = &tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatalf("mongotest: create certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("mongotest: %v", err)
	}
	return key, cert
}

func certPEM(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}

func keyPEM(t testing.TB, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("mongotest: %v", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatalf("mongotest: %v", err)
	}
	return path
}
