// Package server wires DBackup together: it reads the configuration, opens and migrates the
// database, builds the GraphQL handler, serves the SPA, /healthz and /playground, and shuts down
// gracefully. Domain logic lives in internal/; this package only connects the pieces.
package server
