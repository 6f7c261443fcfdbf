// Package recoverykit builds the Recovery Kit: a ZIP file that lets someone restore DBackup
// backups without DBackup, its database or its server. The kit holds the keys of one or more
// Encryption Profiles (keys/<profile>.key and the index keys/keys.json), a stand-alone Node.js
// restore script (dbackup-recover.js, written from docs/backup-format.md, docs/backups.md and
// docs/archive-format.md rather than from this repository's Go code), launchers for Linux, macOS
// and Windows, and a README rendered for the kit's profiles.
//
// Write produces the ZIP, Script returns the embedded script, and LoadKit reads an unzipped kit
// back (the dbackup CLI's --kit flag). The kit format is documented in docs/recovery-kit.md.
package recoverykit
