package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// Version is the versitygw release the tests run against, as built by scripts/lib.sh.
const Version = "v1.8.0"

const (
	// startTimeout bounds how long a fresh versitygw may take to accept connections.
	startTimeout = 30 * time.Second
	// startAttempts retries with another port when one was taken between picking and binding it.
	startAttempts = 3
	// stopTimeout is how long versitygw gets to exit after an interrupt before it is killed.
	stopTimeout = 5 * time.Second
)

// Region is the region the server reports and the clients use.
const Region = "us-east-1"

var buildHint = "build it with scripts/test.sh, or from the repository root with " +
	"`GOBIN=$PWD/.cache/bin go install github.com/versity/versitygw/cmd/versitygw@" + Version +
	"`, or point VERSITYGW_BIN at a versitygw " + Version + " binary"

// Server is a running versitygw.
type Server struct {
	// Endpoint is the server's base URL, such as http://127.0.0.1:40123.
	Endpoint  string
	AccessKey string
	SecretKey string
	// Dir is the folder holding the buckets, one sub-folder each.
	Dir string
}

// Binary returns the versitygw binary: $VERSITYGW_BIN, else .cache/bin/versitygw in the
// repository root. A missing binary fails t with instructions.
func Binary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("VERSITYGW_BIN"); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			t.Fatalf("s3test: VERSITYGW_BIN=%s: %v; %s", bin, err, buildHint)
		}
		return bin
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("s3test: %v; set VERSITYGW_BIN or %s", err, buildHint)
	}
	bin := filepath.Join(root, ".cache", "bin", "versitygw")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("s3test: versitygw not found at %s; %s", bin, buildHint)
	}
	return bin
}

// repoRoot is the nearest folder above the working directory holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Start runs versitygw with random credentials on a free loopback port, serving a temporary
// folder, and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary(t)
	s := &Server{AccessKey: "AK" + randomHex(8), SecretKey: "SK" + randomHex(16), Dir: t.TempDir()}
	var lastErr error
	for range startAttempts {
		addr, err := freeAddr()
		if err != nil {
			t.Fatalf("s3test: %v", err)
		}
		if lastErr = s.run(t, bin, addr); lastErr == nil {
			s.Endpoint = "http://" + addr
			return s
		}
	}
	t.Fatalf("s3test: start versitygw: %v", lastErr)
	return nil
}

// run starts versitygw on addr and waits until it accepts connections.
func (s *Server) run(t testing.TB, bin, addr string) error {
	var out syncBuffer
	cmd := exec.Command(bin, "--access", s.AccessKey, "--secret", s.SecretKey, "--region", Region,
		"--port", addr, "--quiet", "posix", s.Dir)
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
			return fmt.Errorf("versitygw exited (%v): %s", err, out.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			t.Cleanup(func() {
				stop()
				if t.Failed() {
					t.Logf("versitygw output:\n%s", out.String())
				}
			})
			return nil
		}
		if time.Now().After(deadline) {
			stop()
			return fmt.Errorf("versitygw did not listen on %s within %s: %s", addr, startTimeout, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Client returns an SDK client for the server, for setting up and inspecting buckets.
func (s *Server) Client() *awss3.Client {
	return awss3.New(awss3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
}

// NewBucket creates a bucket with a unique name through the S3 API and returns the name.
func (s *Server) NewBucket(t testing.TB) string {
	t.Helper()
	name := "dbackup-test-" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.Client().CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("s3test: create bucket %s: %v", name, err)
	}
	return name
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
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
