package oidctest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

const (
	// startTimeout bounds how long the provider may take to listen; it generates an RSA key
	// first, well under a second on a loaded machine.
	startTimeout = 30 * time.Second
	// stopTimeout is how long the provider gets to exit once its standard input is closed
	// before it is killed.
	stopTimeout = 5 * time.Second
	// requestTimeout bounds each request to the provider's test endpoints.
	requestTimeout = 10 * time.Second
)

// OP is a running provider.
type OP struct {
	// Issuer is the provider's issuer URL, such as http://127.0.0.1:40123; its discovery
	// document is at Issuer + "/.well-known/openid-configuration".
	Issuer string
	// Port is the loopback port it listens on.
	Port int
}

// Start runs the provider with cfg on a free loopback port and stops it when the test ends.
func Start(t testing.TB, cfg Config) *OP {
	t.Helper()
	bin := Binary(t)
	cfgFile := filepath.Join(t.TempDir(), "oidcop.json")
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("oidctest: encode config: %v", err)
	}
	if err := os.WriteFile(cfgFile, data, 0o600); err != nil {
		t.Fatalf("oidctest: %v", err)
	}

	var stderr syncBuffer
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-config", cfgFile)
	cmd.Stderr = &stderr
	// The provider exits when its standard input closes: when this process dies too.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatalf("oidctest: %v", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("oidctest: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("oidctest: start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = stdin.Close()
		select {
		case <-exited:
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("oidcop output:\n%s", stderr.String())
		}
	})

	ready := make(chan error, 1)
	op := &OP{}
	go func() {
		line, err := bufio.NewReader(stdout).ReadBytes('\n')
		if err == nil {
			err = json.Unmarshal(line, &struct {
				Issuer *string `json:"issuer"`
				Port   *int    `json:"port"`
			}{&op.Issuer, &op.Port})
		}
		ready <- err
		// Keep draining, so that the provider never blocks writing to stdout.
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("oidctest: oidcop did not start (%v): %s", err, stderr.String())
		}
	case <-time.After(startTimeout):
		t.Fatalf("oidctest: oidcop did not listen within %s: %s", startTimeout, stderr.String())
	}
	return op
}

// SetConfig replaces the provider's configuration. Auth requests and codes already issued stay
// valid, so a test may change a knob between the login and the token exchange.
func (o *OP) SetConfig(t testing.TB, cfg Config) {
	t.Helper()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("oidctest: encode config: %v", err)
	}
	c := &http.Client{Timeout: requestTimeout}
	resp, err := c.Post(o.Issuer+"/test/config", "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("oidctest: set config: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("oidctest: set config: %s: %s", resp.Status, body)
	}
}

// syncBuffer collects the provider's output, written from the exec package's copying goroutine.
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

// String describes the provider in failure messages.
func (o *OP) String() string { return fmt.Sprintf("oidcop at %s", o.Issuer) }
