package mongodb_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/mongotest"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestTLSModes connects in every mode to a server that speaks TLS only, with a certificate for
// "localhost" signed by a fresh CA.
func TestTLSModes(t *testing.T) {
	s, certs := mongotest.StartTLS(t, false)
	_, unrelated := mongotest.StartTLS(t, false) // its CA signed nothing of s
	otherCA := unrelated.CACert
	tests := []struct {
		name string
		mode string
		host string
		ca   string
		want connerr.Kind // "" for success
	}{
		{name: "require", mode: source.TLSRequire},
		{name: "require with the server's CA", mode: source.TLSRequire, ca: certs.CACert},
		{name: "verify_ca", mode: source.TLSVerifyCA, ca: certs.CACert},
		{name: "verify_full by name", mode: source.TLSVerifyFull, host: "localhost", ca: certs.CACert},
		{name: "verify_ca with another CA", mode: source.TLSVerifyCA, ca: otherCA, want: connerr.TLS},
		{name: "require with another CA", mode: source.TLSRequire, ca: otherCA, want: connerr.TLS},
		{name: "verify_full with the system's CAs", mode: source.TLSVerifyFull, host: "localhost", want: connerr.TLS},
		// The certificate names localhost, and the source connects to 127.0.0.1.
		{name: "verify_full with a wrong host name", mode: source.TLSVerifyFull, ca: certs.CACert, want: connerr.TLS},
		// The server closes a connection that does not start with a TLS handshake.
		{name: "disable", mode: source.TLSDisable, want: connerr.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := configFor(s)
			if tt.host != "" {
				cfg.Host = tt.host
			}
			cfg.TLSMode, cfg.TLSCACert = tt.mode, tt.ca
			info, err := open(t, cfg).Test(ctxFor(t))
			if tt.want == "" {
				require.NoError(t, err)
				require.NotEmpty(t, info.Version)
				return
			}
			sourcetest.RequireKind(t, err, tt.want)
		})
	}
}

// TestClientCertificate connects to a server that requires a client certificate.
func TestClientCertificate(t *testing.T) {
	s, certs := mongotest.StartTLS(t, true)
	cfg := configFor(s)
	cfg.TLSMode, cfg.TLSCACert = source.TLSVerifyCA, certs.CACert

	_, err := open(t, cfg).Test(ctxFor(t))
	sourcetest.RequireKind(t, err, connerr.TLS)

	cfg.TLSClientCert, cfg.TLSClientKey = certs.ClientCert, vault.NewSecret(certs.ClientKey)
	_, err = open(t, cfg).Test(ctxFor(t))
	require.NoError(t, err)
}
