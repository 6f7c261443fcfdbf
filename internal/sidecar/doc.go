// Package sidecar reads and writes the cleartext description stored next to every backup
// object, `<object>.meta.json`: which job made it, from which engine and databases, how it is
// compressed and encrypted (profile and key id, never a key), its size and SHA-256, and when.
// The storage explorer lists backups from sidecars alone, so a fresh instance pointed at an
// existing folder or bucket sees its backups; the Recovery Kit reads them with no server.
package sidecar
