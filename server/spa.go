package server

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Cache lifetimes of the SPA's files.
const (
	// immutableCache is for Vite's content-hashed assets: a changed file gets a new name.
	immutableCache = "public, max-age=31536000, immutable"
	// revalidateCache is for index.html and unhashed files, which must pick up a new release.
	revalidateCache = "no-cache"
)

// notBuiltPage answers in place of the SPA when the binary was built without `npm run build`.
const notBuiltPage = `<!doctype html><html><head><meta charset="utf-8"><title>DBackup</title></head>
<body><h1>DBackup</h1><p>The web interface was not built into this binary. Build it with
<code>npm ci &amp;&amp; npm run build</code>, then <code>go build ./cmd/dbackup</code>.
The API is available at <a href="/graphql">/graphql</a>.</p></body></html>`

// reservedPrefixes are server routes; the SPA never answers for them, so a typo in an API path
// is a 404, not an HTML page.
var reservedPrefixes = []string{"/graphql", "/api/", "/auth/", "/playground", "/healthz", "/metrics"}

// spaHandler serves the built SPA from dist: files as they are, hashed assets cached forever,
// and index.html for every other path so that deep links work.
func spaHandler(dist fs.FS) http.Handler {
	files := http.FileServerFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		for _, prefix := range reservedPrefixes {
			if p == strings.TrimSuffix(prefix, "/") || strings.HasPrefix(p, prefix) {
				http.NotFound(w, r)
				return
			}
		}
		name := strings.TrimPrefix(p, "/")
		if st, err := fs.Stat(dist, name); err == nil && !st.IsDir() && name != "index.html" {
			if strings.HasPrefix(p, "/assets/") {
				w.Header().Set("Cache-Control", immutableCache)
			} else {
				w.Header().Set("Cache-Control", revalidateCache)
			}
			files.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(p, "/assets/") {
			// A missing asset is a stale page asking for an old build's file: 404, not HTML.
			http.NotFound(w, r)
			return
		}
		serveIndex(w, r, dist)
	})
}

func serveIndex(w http.ResponseWriter, r *http.Request, dist fs.FS) {
	serveHTML(w, r, dist, "index.html", notBuiltPage)
}

// serveHTML serves the page name from dist, or fallback when the SPA was not built.
func serveHTML(w http.ResponseWriter, r *http.Request, dist fs.FS, name, fallback string) {
	w.Header().Set("Cache-Control", revalidateCache)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page, err := fs.ReadFile(dist, name)
	if errors.Is(err, fs.ErrNotExist) {
		page = []byte(fallback)
	} else if err != nil {
		http.Error(w, "read "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(page)
}
