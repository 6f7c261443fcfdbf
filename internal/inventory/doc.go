// Package inventory keeps the record of what each destination stores: it lists a destination,
// reads every backup's sidecar and records it as a Backup (so a fresh instance pointed at an
// existing folder or bucket sees its backups), reports objects that have no sidecar as unknown,
// re-hashes a stored object to verify it, and deletes a backup with its sidecar. Sidecars of the
// seed product (internal/legacy) are recorded too, as FormatLegacy or FormatLegacyTar backups;
// FindLegacyKey finds the Encryption Profile key that opens one (legacy.go).
package inventory
