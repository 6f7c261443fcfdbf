package mysql

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// installHint names the Debian package that provides the client tools.
const installHint = "install the MariaDB client tools on the DBackup host (Debian/Ubuntu: apt-get install mariadb-client)"

// stderrTail is how much of a tool's standard error an error quotes: enough for the last few
// messages, bounded so that a chatty tool cannot grow memory.
const stderrTail = 4 << 10

// waitDelay is how long a cancelled tool gets to exit after being killed before its pipes are
// closed under it.
const waitDelay = 5 * time.Second

// ErrClientMissing is returned, wrapped in a *connerr.Error naming the package to install, when
// neither the MariaDB nor the MySQL client tool is installed.
var ErrClientMissing = errors.New("mysql client tool not installed")

// client is one of the installed client tools.
type client struct {
	path    string
	version string // the first line of --version
	mariadb bool   // MariaDB's tools take different TLS options from MySQL's
}

// findClient returns the first of names found on PATH, with its version.
func findClient(ctx context.Context, names ...string) (client, error) {
	for _, name := range names {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		out, err := exec.CommandContext(ctx, path, "--version").Output()
		if err != nil {
			return client{}, fmt.Errorf("%s --version: %w", path, err)
		}
		version := strings.TrimSpace(string(bytes.SplitN(out, []byte("\n"), 2)[0]))
		return client{path: path, version: version, mariadb: strings.Contains(version, "MariaDB")}, nil
	}
	return client{}, connerr.New(connerr.Other, "find "+strings.Join(names, " or "),
		fmt.Errorf("%w: none of %s is on PATH", ErrClientMissing, strings.Join(names, ", ")), installHint)
}

// optionFile writes the connection settings, the password among them, to a private temporary
// directory as an option file for --defaults-extra-file, so that they never appear in the
// tool's argument list or environment, where other users of the host could read them. remove
// deletes the directory; call it once the tool has exited.
func (m *MySQL) optionFile(c client) (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "dbackup-mysql-")
	if err != nil {
		return "", nil, fmt.Errorf("create option file: %w", err)
	}
	remove = func() { _ = os.RemoveAll(dir) }
	write := func(name, content string) (string, error) {
		p := filepath.Join(dir, name)
		return p, os.WriteFile(p, []byte(content), 0o600)
	}
	cfg := m.cfg
	var b strings.Builder
	b.WriteString("[client]\n")
	option := func(name, value string) { b.WriteString(name + "=" + quoteOption(value) + "\n") }
	flag := func(name string) { b.WriteString(name + "\n") }
	option("user", cfg.Username)
	option("password", cfg.Password.Reveal())
	option("host", cfg.Host)
	option("port", strconv.Itoa(cfg.PortOr(DefaultPort)))
	// The client would take localhost to mean the Unix socket; the driver always uses TCP.
	option("protocol", "tcp")
	if cfg.TLSCACert != "" {
		p, err := write("ca.pem", cfg.TLSCACert)
		if err != nil {
			remove()
			return "", nil, fmt.Errorf("create option file: %w", err)
		}
		option("ssl-ca", p)
	}
	if cfg.TLSClientCert != "" {
		cert, err := write("cert.pem", cfg.TLSClientCert)
		if err == nil {
			var key string
			key, err = write("key.pem", cfg.TLSClientKey.Reveal())
			option("ssl-cert", cert)
			option("ssl-key", key)
		}
		if err != nil {
			remove()
			return "", nil, fmt.Errorf("create option file: %w", err)
		}
	}
	tlsOptions(cfg, c.mariadb, option, flag)
	path, err = write("client.cnf", b.String())
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("create option file: %w", err)
	}
	return path, remove, nil
}

// tlsOptions translates the TLS mode into the tool's options. MariaDB's tools have no mode
// that verifies the chain without the host name, so verify_ca verifies both there; and before
// 11.4 they fall back to a plain connection when the server lacks TLS even with ssl set.
func tlsOptions(cfg source.Config, mariadb bool, option func(name, value string), flag func(name string)) {
	mode := cfg.TLSMode
	if mode == source.TLSRequire && cfg.TLSCACert != "" {
		mode = source.TLSVerifyCA // as in libpq and in source.Config.TLSConfig
	}
	if !mariadb {
		option("ssl-mode", map[string]string{
			source.TLSDisable: "DISABLED", source.TLSPrefer: "PREFERRED", source.TLSRequire: "REQUIRED",
			source.TLSVerifyCA: "VERIFY_CA", source.TLSVerifyFull: "VERIFY_IDENTITY",
		}[mode])
		return
	}
	switch mode {
	case source.TLSDisable:
		flag("skip-ssl")
	case source.TLSPrefer, source.TLSRequire:
		if mode == source.TLSRequire {
			flag("ssl")
		}
		// MariaDB 11.4 and later verify by default; these modes do not.
		flag("disable-ssl-verify-server-cert")
	default:
		flag("ssl")
		flag("ssl-verify-server-cert")
	}
}

// quoteOption quotes an option file value so that spaces, quotes, # and ; survive, escaping
// what the option file parser unescapes.
func quoteOption(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(v) + `"`
}

// command builds the tool's command: the option file must be the first argument.
func command(ctx context.Context, c client, optFile string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.path, append([]string{"--defaults-extra-file=" + optFile}, args...)...)
	// The tool inherits no environment: MYSQL_PWD and friends of DBackup's own environment must
	// not reach it, and it needs none.
	cmd.Env = []string{}
	cmd.WaitDelay = waitDelay
	return cmd
}

// tail keeps the last stderrTail bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - stderrTail; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

// serverError finds the server's error number in a tool's messages, such as "Got error: 1045:"
// from mariadb-dump or "ERROR 1045 (28000)" from mariadb.
var serverError = regexp.MustCompile(`(?:Got error: |ERROR )(\d{4,5})\b`)

// toolError classifies a failed tool run by the server error number its messages carry.
func (m *MySQL) toolError(ctx context.Context, op string, err error, stderr *tail) error {
	msg := stderr.String()
	if msg != "" {
		err = fmt.Errorf("%w: %s", err, msg)
	}
	if ctx.Err() == nil {
		if sub := serverError.FindStringSubmatch(msg); sub != nil {
			n, _ := strconv.Atoi(sub[1])
			err = fmt.Errorf("%w (%w)", err, &mysql.MySQLError{Number: uint16(n), Message: msg})
		}
	}
	return source.Classify(ctx, op, err, classify)
}

// quoteIdent quotes a database name for SQL.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// checkName refuses names that the tools would read as options.
func checkName(op, db string) error {
	if db == "" || strings.HasPrefix(db, "-") {
		return connerr.Newf(connerr.Config, op, "choose a database by its name", "invalid database name %q", db)
	}
	return nil
}
