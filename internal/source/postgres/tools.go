package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// ErrClientTool reports a PostgreSQL client program (pg_dump, pg_restore) that is missing or
// older than the server's major version.
var ErrClientTool = errors.New("postgres client tool missing or too old")

// debianToolGlob is where Debian and Ubuntu install each major version's client programs side
// by side; /usr/bin holds only a wrapper that may pick an older one.
const debianToolGlob = "/usr/lib/postgresql/*/bin"

// versionTimeout bounds `<tool> --version`, which reads nothing and should answer at once.
const versionTimeout = 10 * time.Second

// toolFinder finds the client programs. Tests replace its fields.
type toolFinder struct {
	// lookPath finds a program on PATH, as exec.LookPath.
	lookPath func(name string) (string, error)
	// dirs lists further directories to try, such as /usr/lib/postgresql/16/bin.
	dirs func() []string
}

func defaultToolFinder() toolFinder {
	return toolFinder{
		lookPath: exec.LookPath,
		dirs: func() []string {
			dirs, _ := filepath.Glob(debianToolGlob)
			return dirs
		},
	}
}

// tool is one client program found on this machine.
type tool struct {
	path    string
	version string // its --version line, such as "pg_dump (PostgreSQL) 15.20"
	major   int
}

// toolVersionRE reads the major version from "pg_dump (PostgreSQL) 16.4 (Debian 16.4-1)".
var toolVersionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// find returns the newest program called name whose major version is at least serverMajor,
// because pg_dump refuses to dump a newer server and pg_restore may not read a newer archive.
// Otherwise it returns an ErrClientTool error naming the package to install.
func (f toolFinder) find(ctx context.Context, name string, serverMajor int) (tool, error) {
	var candidates []string
	if path, err := f.lookPath(name); err == nil {
		candidates = append(candidates, path)
	}
	for _, dir := range f.dirs() {
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			candidates = append(candidates, path)
		}
	}
	var best, newest tool
	for _, path := range candidates {
		t, err := toolVersion(ctx, path)
		if err != nil {
			continue
		}
		if t.major > newest.major {
			newest = t
		}
		if t.major >= serverMajor && t.major > best.major {
			best = t
		}
	}
	if best.path != "" {
		return best, nil
	}
	if err := ctx.Err(); err != nil {
		return tool{}, err
	}
	op := "find " + name
	hint := fmt.Sprintf("install postgresql-client-%d (or a newer client) on the DBackup host", serverMajor)
	if newest.path == "" {
		return tool{}, connerr.New(connerr.Other, op,
			fmt.Errorf("%w: %s not found on PATH or in %s", ErrClientTool, name, debianToolGlob), hint)
	}
	return tool{}, connerr.New(connerr.Other, op,
		fmt.Errorf("%w: %s (%s) is older than the server's major version %d", ErrClientTool, newest.path, newest.version, serverMajor), hint)
}

// toolVersion runs path --version.
func toolVersion(ctx context.Context, path string) (tool, error) {
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "--version")
	cmd.Env = baseEnv()
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		return tool{}, fmt.Errorf("%s --version: %w", path, err)
	}
	line := strings.TrimSpace(string(bytes.SplitN(out, []byte("\n"), 2)[0]))
	m := toolVersionRE.FindStringSubmatch(line)
	if m == nil {
		return tool{}, fmt.Errorf("%s --version: unrecognised answer %q", path, line)
	}
	major, err := strconv.Atoi(m[1])
	if err != nil {
		return tool{}, fmt.Errorf("%s --version: %w", path, err)
	}
	return tool{path: path, version: line, major: major}, nil
}

// baseEnv is DBackup's environment without any PG* variable, so that a PGSERVICE, PGOPTIONS or
// PGPASSWORD of the DBackup process cannot change where or how the client tools connect.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}

// stderrTail is how much of a tool's standard error an error message keeps: the end, where
// pg_dump and pg_restore print the failure that stopped them.
const stderrTail = 64 << 10

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) > b.max {
		p = p[len(p)-b.max:]
	}
	if over := len(b.buf) + len(p) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

func (b *tailBuffer) String() string { return strings.TrimSpace(string(b.buf)) }

// waitDelay is how long Wait waits, after a cancelled tool was killed or exited, for its pipes
// to close before closing them itself.
const waitDelay = 5 * time.Second

// runTool runs t with args in env, streaming stdin and stdout, and returns a *connerr.Error
// for op. A done ctx kills the tool and is the error's cause; a failed write to stdout is
// reported as itself rather than as the broken pipe the tool then complains about.
func runTool(ctx context.Context, op string, t tool, env []string, args []string, stdin *trackingReader, stdout *trackingWriter) error {
	cmd := exec.CommandContext(ctx, t.path, args...)
	cmd.Env = env
	cmd.WaitDelay = waitDelay
	stderr := &tailBuffer{max: stderrTail}
	cmd.Stderr = stderr
	if stdin != nil {
		cmd.Stdin = stdin
		if stdin.killOnError {
			// Start sets cmd.Process before it starts copying stdin, so Read sees it.
			stdin.onError = func() { _ = cmd.Process.Kill() }
		}
	}
	if stdout != nil {
		cmd.Stdout = stdout
	}
	err := cmd.Run()
	if ctx.Err() != nil {
		return source.Classify(ctx, op, errOr(err, ctx.Err()), nil)
	}
	if stdout != nil {
		if werr := stdout.firstErr(); werr != nil {
			return connerr.New(connerr.Other, op, fmt.Errorf("write the dump: %w", werr), "")
		}
	}
	if stdin != nil {
		if rerr := stdin.firstErr(); rerr != nil {
			return connerr.New(connerr.Other, op, fmt.Errorf("read the backup: %w", rerr), "")
		}
	}
	if err != nil {
		if msg := stderr.String(); msg != "" {
			err = fmt.Errorf("%w: %s", err, msg)
		}
		return connerr.New(connerr.Other, op, err, "see the message of "+filepath.Base(t.path))
	}
	return nil
}

func errOr(err, def error) error {
	if err != nil {
		return err
	}
	return def
}

// trackingWriter remembers the first error of the writer it wraps. The lock orders its use by
// exec's copying goroutine before runTool's read, even when Wait gave up on that goroutine.
type trackingWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (t *trackingWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if err != nil {
		t.mu.Lock()
		if t.err == nil {
			t.err = err
		}
		t.mu.Unlock()
	}
	return n, err
}

func (t *trackingWriter) firstErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// trackingReader remembers the first error, other than io.EOF, of the reader it wraps. With
// killOnError, runTool sets onError to kill the tool, and Read calls it before it returns that
// error: exec closes the tool's standard input after a failed read, and a tool that saw the end
// of its input could take a cut backup for a whole one and commit it. SIGKILL is pending once
// kill(2) returns, so the tool never runs again to read that end.
type trackingReader struct {
	r           io.Reader
	killOnError bool
	onError     func()
	mu          sync.Mutex
	err         error
}

func (t *trackingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		t.mu.Lock()
		first := t.err == nil
		if first {
			t.err = err
		}
		t.mu.Unlock()
		if first && t.onError != nil {
			t.onError()
		}
		// Bytes read with the error are dropped: the tool must not get them either.
		return 0, err
	}
	return n, err
}

func (t *trackingReader) firstErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}
