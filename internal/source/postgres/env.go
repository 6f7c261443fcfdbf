package postgres

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/internal/source"
)

// libpqSSLModes maps the TLS modes onto libpq's sslmode values.
var libpqSSLModes = map[string]string{
	source.TLSDisable:    "disable",
	source.TLSPrefer:     "prefer",
	source.TLSRequire:    "require",
	source.TLSVerifyCA:   "verify-ca",
	source.TLSVerifyFull: "verify-full",
}

// systemCABundles are where distributions keep the trusted CAs, tried in order when a verifying
// TLS mode has no CA certificate of its own; Go's crypto/x509 reads the same files.
var systemCABundles = []string{
	"/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
	"/etc/pki/tls/certs/ca-bundle.crt",   // Fedora, RHEL
	"/etc/ssl/cert.pem",                  // macOS, OpenBSD
}

// clientEnv is the environment of one run of a client tool and the private directory holding
// its password file and certificates. Nothing secret is ever put on the command line, where
// other users of the host could read it.
type clientEnv struct {
	dir  string
	vars []string
}

// newClientEnv writes the password file and certificates into a fresh directory only the
// DBackup user can read, and returns libpq's environment pointing at them. close removes them.
func (p *Postgres) newClientEnv() (_ *clientEnv, err error) {
	dir, err := os.MkdirTemp("", "dbackup-pg-")
	if err != nil {
		return nil, err
	}
	e := &clientEnv{dir: dir}
	defer func() {
		if err != nil {
			e.close()
		}
	}()
	cfg := p.cfg
	// Absent files make libpq ignore ~/.pgpass and ~/.postgresql of the DBackup user.
	none := filepath.Join(dir, "none")
	passfile, rootCert, cert, key := none, none, none, none
	var extra []string
	if pw := cfg.Password.Reveal(); strings.ContainsAny(pw, "\r\n") {
		// A password file cannot hold a line break; the child's environment, readable only
		// by the DBackup user, is the next best place.
		extra = append(extra, "PGPASSWORD="+pw)
	} else if pw != "" {
		passfile = filepath.Join(dir, "pgpass")
		if err := writePrivate(passfile, "*:*:*:*:"+pgpassEscape(pw)+"\n"); err != nil {
			return nil, err
		}
	}
	// As in source.Config.TLSConfig, prefer never verifies, so it gets no CA: libpq verifies
	// whenever a root certificate file exists.
	switch {
	case cfg.TLSCACert != "" && source.TLSMandatory(cfg.TLSMode):
		rootCert = filepath.Join(dir, "root.crt")
		if err := writePrivate(rootCert, cfg.TLSCACert); err != nil {
			return nil, err
		}
	case cfg.TLSMode == source.TLSVerifyCA || cfg.TLSMode == source.TLSVerifyFull:
		for _, bundle := range systemCABundles {
			if _, err := os.Stat(bundle); err == nil {
				rootCert = bundle
				break
			}
		}
	}
	if cfg.TLSClientCert != "" && cfg.TLSMode != source.TLSDisable {
		cert, key = filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
		if err := writePrivate(cert, cfg.TLSClientCert); err != nil {
			return nil, err
		}
		if err := writePrivate(key, cfg.TLSClientKey.Reveal()); err != nil {
			return nil, err
		}
	}
	e.vars = append(baseEnv(),
		"PGHOST="+cfg.Host,
		"PGPORT="+strconv.Itoa(cfg.PortOr(DefaultPort)),
		"PGUSER="+cfg.Username,
		"PGSSLMODE="+libpqSSLModes[cfg.TLSMode],
		"PGPASSFILE="+passfile,
		"PGSSLROOTCERT="+rootCert,
		"PGSSLCERT="+cert,
		"PGSSLKEY="+key,
		"PGCONNECT_TIMEOUT="+strconv.Itoa(int(p.timeout.Seconds())),
		"PGAPPNAME=dbackup",
	)
	e.vars = append(e.vars, extra...)
	return e, nil
}

// close removes the password file and certificates.
func (e *clientEnv) close() { _ = os.RemoveAll(e.dir) }

// writePrivate writes a file that only its owner may read; libpq refuses a password file or
// client key that others can read.
func writePrivate(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o600)
}

// pgpassEscape escapes a .pgpass field, in which a colon separates fields and a backslash
// escapes. A line break cannot be written; libpq would read it as the end of the entry.
func pgpassEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(s)
}

// conninfoDB is a connection string naming only the database db. Passing it, rather than db,
// to --dbname stops the tools from reading a name such as "host=evil" or "postgres://…" as
// connection settings.
func conninfoDB(db string) string {
	return "dbname='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(db) + "'"
}
