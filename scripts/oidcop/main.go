// Command oidcop is a real OpenID Provider for DBackup's tests, built from the op package of
// github.com/zitadel/oidc/v3 with an in-memory storage: the authorization code flow with PKCE
// (S256), client_secret_basic and client_secret_post, the openid, email, profile and groups
// scopes, a login form, and knobs that make it issue deliberately bad ID tokens.
//
// It lives in a Go module of its own so that zitadel/oidc and its dependencies never enter
// DBackup's go.mod. scripts/lib.sh (ensure_oidcop) builds it into .cache/bin/oidcop;
// internal/testutil/oidctest and frontend/e2e/oidcop.ts start it.
//
// Usage:
//
//	oidcop [-addr 127.0.0.1:0] [-config config.json] [-issuer URL]
//
// When it listens it prints one JSON line on stdout, {"issuer":"http://127.0.0.1:PORT","port":PORT}.
// It exits when its standard input reaches end of file, so a test that dies never leaves it
// running. Besides the OpenID endpoints it serves the login page at /login, GET /healthz, and
// POST /test/config, which replaces the configuration (same JSON as -config).
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// rsaKeyBits is the size of the signing key generated at start: what providers commonly use,
// and quick enough to generate for every test process.
const rsaKeyBits = 2048

// maxConfigBytes bounds a configuration posted to /test/config.
const maxConfigBytes = 1 << 20

// shutdownTimeout is how long requests in flight may take when the provider stops.
const shutdownTimeout = 2 * time.Second

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "oidcop:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "`address` (host:port) to listen on; port 0 picks a free one")
	configFile := flag.String("config", "", "JSON `file` with clients, users and knobs; none starts with an empty configuration")
	issuer := flag.String("issuer", "", "issuer `URL`; default http://ADDR with the port listened on")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input reaches end of file")
	flag.Parse()

	cfg := &Config{}
	if *configFile != "" {
		f, err := os.Open(*configFile)
		if err != nil {
			return err
		}
		cfg, err = parseConfig(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *configFile, err)
		}
	}
	key, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return fmt.Errorf("generate signing key: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if *issuer == "" {
		*issuer = "http://" + ln.Addr().String()
	}
	handler, err := newHandler(*issuer, newStore(cfg, key, rand.Text()))
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	ready, _ := json.Marshal(map[string]any{"issuer": *issuer, "port": port})
	fmt.Println(string(ready))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newHandler serves the provider at issuer: the library's endpoints, the login page and the
// test endpoints.
func newHandler(issuer string, s *store) (http.Handler, error) {
	var cryptoKey [32]byte
	if _, err := rand.Read(cryptoKey[:]); err != nil {
		return nil, err
	}
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:          cryptoKey,
		CryptoKeyId:        "1",
		CodeMethodS256:     true,
		AuthMethodPost:     true,
		SupportedUILocales: []language.Tag{language.English},
		SupportedClaims:    append(append([]string{}, op.DefaultSupportedClaims...), "groups"),
		SupportedScopes:    append(append([]string{}, op.DefaultSupportedScopes...), scopeGroups),
	}, s, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	issuerCtx := op.NewIssuerInterceptor(provider.IssuerFromRequest)

	mux := http.NewServeMux()
	mux.Handle(loginPath, issuerCtx.Handler(&login{store: s, callback: op.AuthCallbackURL(provider)}))
	mux.HandleFunc("POST /test/config", func(w http.ResponseWriter, r *http.Request) {
		cfg, err := parseConfig(http.MaxBytesReader(w, r.Body, maxConfigBytes))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.setConfig(cfg)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", rememberRedirects(resignIDTokens(s, op.DefaultEndpoints.Token.Relative(), provider)))
	return mux, nil
}
