// Package frontend embeds the built single-page app (frontend/dist, written by `npm run build`)
// into the dbackup binary. dist/.gitkeep keeps `go build` working before the SPA was ever built;
// the server then explains how to build it instead of serving the app.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a constant embedded path; Sub cannot fail on it
	}
	return sub
}
