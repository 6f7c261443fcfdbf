package source

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
)

// TLSConfig returns the client TLS configuration that c.TLSMode asks for when connecting to
// host, or nil for disable (and for an empty mode: engines put their default in first). For
// prefer it returns an unverified configuration; the engine falls back to a plain connection
// when the server does not offer TLS. As in libpq, require with a CA certificate verifies the
// chain like verify_ca. Without a CA certificate, verification uses the system's CAs. Errors are
// connerr.Config errors naming the TLS field at fault; they never contain key material.
func (c Config) TLSConfig(host string) (*tls.Config, error) {
	mode := c.TLSMode
	if mode == "" || mode == TLSDisable {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	// SNI is sent for names only (RFC 6066 forbids IP literals).
	if net.ParseIP(host) == nil {
		conf.ServerName = host
	}
	if c.TLSCACert != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(c.TLSCACert)) {
			return nil, ConfigError(FieldTLSCACert, "paste the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)",
				"no PEM certificate found")
		}
		conf.RootCAs = pool
	}
	if err := c.clientCertificate(conf); err != nil {
		return nil, err
	}
	switch mode {
	case TLSPrefer:
		conf.InsecureSkipVerify = true
	case TLSRequire:
		if c.TLSCACert == "" {
			conf.InsecureSkipVerify = true
			break
		}
		verifyChainOnly(conf)
	case TLSVerifyCA:
		verifyChainOnly(conf)
	case TLSVerifyFull:
		conf.ServerName = host
	default:
		return nil, ConfigError(FieldTLSMode, "use one of disable, prefer, require, verify_ca, verify_full",
			"unknown TLS mode %q", mode)
	}
	return conf, nil
}

func (c Config) clientCertificate(conf *tls.Config) error {
	key := c.TLSClientKey.Reveal()
	switch {
	case c.TLSClientCert == "" && key == "":
		return nil
	case c.TLSClientCert == "":
		return ConfigError(FieldTLSClientCert, "paste the client certificate that belongs to the key, or clear the key",
			"a client key needs a client certificate")
	case key == "":
		return ConfigError(FieldTLSClientKey, "paste the private key of the client certificate, or clear the certificate",
			"a client certificate needs its key")
	}
	pair, err := tls.X509KeyPair([]byte(c.TLSClientCert), []byte(key))
	if err != nil {
		// The standard library's messages name the problem, never the key's bytes.
		return ConfigError(FieldTLSClientCert, "paste the PEM certificate and the PEM private key that belong together",
			"client certificate: %v", err)
	}
	conf.Certificates = []tls.Certificate{pair}
	return nil
}

// verifyChainOnly makes conf verify the server's chain against conf.RootCAs (the system's CAs
// when nil) without checking the host name, which crypto/tls cannot do on its own.
func verifyChainOnly(conf *tls.Config) {
	roots := conf.RootCAs
	conf.InsecureSkipVerify = true
	conf.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("tls: the server sent no certificate")
		}
		opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
		for _, cert := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(cert)
		}
		if _, err := cs.PeerCertificates[0].Verify(opts); err != nil {
			return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
		}
		return nil
	}
}

// TLSMandatory reports whether mode refuses a plain connection.
func TLSMandatory(mode string) bool {
	return mode == TLSRequire || mode == TLSVerifyCA || mode == TLSVerifyFull
}
