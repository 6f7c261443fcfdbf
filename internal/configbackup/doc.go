// Package configbackup exports DBackup's whole configuration to one portable JSON document and
// imports it again, on this instance or on another one with a different ENCRYPTION_KEY.
//
// Export reads sources, destinations, Encryption Profiles, jobs, notification channels, SSO
// providers, groups, users, API key metadata and settings, and writes them with cross-references
// by name rather than by id. Secrets are either left out (secrets "none") or opened with the
// instance's keyring and sealed again, all together, in one AES-256-GCM envelope under a key
// derived from a passphrase with Argon2id (secrets "sealed"), or, for the scheduled Config
// Backup, under a key derived with HKDF from an Encryption Profile's key (profilekey.go). The
// envelope's associated data is the whole file except the ciphertext itself, so that an edit of
// any byte is refused.
//
// Parse checks a document completely (format, version, envelope, structure, references) before
// anything is written. PlanImport shows what Apply would do under a conflict Policy; Apply does
// it in one transaction, writing secrets through ent so that they are sealed under the current
// ENCRYPTION_KEY. The format is specified in docs/config-backup.md.
package configbackup
