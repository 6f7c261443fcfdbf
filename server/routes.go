package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"github.com/dbackup/dbackup/graph"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/metrics"
)

// routes returns the HTTP handler of the whole server.
func routes(res *graph.Resolver, auth *authn, dist fs.FS, cfg Config, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", auth.middleware(limitBody(newGraphQLHandler(res, cfg.BaseURL, log), maxRequestBody), graphqlNeedsCSRF))
	mux.Handle("GET /playground", playgroundHandler(dist))
	mux.Handle("GET /healthz", healthHandler(res.System, res.Keys, log))
	mux.Handle("GET /api/backups/{id}/download", auth.middleware(downloadHandler(res.Inventory, log), apiNeedsCSRF))
	mux.Handle("GET "+downloadlink.PathPrefix+"{token}", linkHandler(res.Links, res.Accounts, res.Inventory, res.Catalog, log))
	mux.Handle("GET /metrics", auth.middleware(metricsHandler(metrics.New(res.Client, log)), apiNeedsCSRF))
	mux.Handle("/api/", auth.middleware(http.NotFoundHandler(), apiNeedsCSRF))
	mux.HandleFunc("POST /auth/login", auth.login)
	mux.HandleFunc("POST /auth/logout", auth.logout)
	sso := newSSOHandlers(res.Keys.Keyring(), cfg.BaseURL, res.Catalog, auth, log)
	mux.HandleFunc("GET /auth/oidc/{id}/login", sso.login)
	mux.HandleFunc("GET /auth/oidc/{id}/callback", sso.callback)
	mux.Handle("/auth/", http.NotFoundHandler())
	mux.Handle("/", spaHandler(dist))
	return securityHeaders(logRequests(mux, log))
}

// playgroundHandler serves the GraphQL IDE bundled with the SPA (it works offline). A binary
// built without the SPA falls back to gqlgen's GraphiQL page, which loads from a CDN.
func playgroundHandler(dist fs.FS) http.Handler {
	if _, err := fs.Stat(dist, "playground.html"); err != nil {
		return playground.Handler("DBackup GraphQL", "/graphql")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveHTML(w, r, dist, "playground.html", "")
	})
}

// limitBody caps request bodies at n bytes; a larger body gets 413 with a GraphQL-shaped error.
func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = w.Write([]byte(`{"errors":[{"message":"request body is larger than the 1 MiB limit","extensions":{"code":"REQUEST_TOO_LARGE"}}]}`))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response of ours should carry.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status code for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController and the websocket upgrade reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs every request at debug level, and server errors at warn level.
func logRequests(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		log.Log(r.Context(), level, "http request", "method", r.Method, "path", logPath(r.URL.Path), "status", rec.status, "duration", time.Since(start))
	})
}

// logPath is a request path as logged: the token of a download link is a secret and is left out.
func logPath(p string) string {
	if strings.HasPrefix(p, downloadlink.PathPrefix) {
		return downloadlink.PathPrefix + "…"
	}
	return p
}
