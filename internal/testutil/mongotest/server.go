package mongotest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	// startTimeout bounds how long a fresh FerretDB may take to accept connections; it opens its
	// SQLite folder and listens within a second on a loaded machine.
	startTimeout = 30 * time.Second
	// startAttempts retries with another port when one was taken between picking and binding it.
	startAttempts = 3
	// stopTimeout is how long FerretDB gets to exit after an interrupt before it is killed.
	stopTimeout = 5 * time.Second
)

// Server is a running FerretDB.
type Server struct {
	// Addr is the server's host:port, such as 127.0.0.1:40123.
	Addr string
	Host string
	Port int
	// Dir is the folder holding the SQLite databases, one file each.
	Dir string
}

// Start runs FerretDB on a free loopback port, serving a temporary folder, and stops it when the
// test ends. Tests that need no isolation from each other can share one server.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t)
}

// start runs FerretDB with args added to its command line; see Start.
func start(t testing.TB, args ...string) *Server {
	t.Helper()
	bin := Binary(t)
	s := &Server{Host: "127.0.0.1", Dir: t.TempDir()}
	var lastErr error
	for range startAttempts {
		addr, err := freeAddr(s.Host)
		if err != nil {
			t.Fatalf("mongotest: %v", err)
		}
		if lastErr = s.run(t, bin, addr, args); lastErr == nil {
			s.Addr = addr
			_, port, _ := net.SplitHostPort(addr)
			s.Port, _ = strconv.Atoi(port)
			return s
		}
	}
	t.Fatalf("mongotest: start ferretdb: %v", lastErr)
	return nil
}

// run starts FerretDB on addr and waits until it accepts connections.
func (s *Server) run(t testing.TB, bin, addr string, args []string) error {
	var out syncBuffer
	cmd := exec.Command(bin, append([]string{"-listen", addr, "-dir", s.Dir}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("ferretdb exited (%v): %s", err, out.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			t.Cleanup(func() {
				stop()
				if t.Failed() {
					t.Logf("ferretdb output:\n%s", out.String())
				}
			})
			return nil
		}
		if time.Now().After(deadline) {
			stop()
			return fmt.Errorf("ferretdb did not listen on %s within %s: %s", addr, startTimeout, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func freeAddr(host string) (string, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// syncBuffer collects the server's output, written from the exec package's copying goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
