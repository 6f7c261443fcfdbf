// Package offline restores backups without a server or a configuration database: from a
// folder of backup objects and their sidecars, with profile keys from a Recovery Kit or key
// files. It is what `dbackup decrypt` and `dbackup recover` run.
//
// Inspect describes one object from its sidecar (DBackup's own, or the seed product's legacy
// one) or, without a sidecar, from its name and header; Scan finds every sidecar under a folder.
// DecryptTo writes a backup's decrypted, decompressed content to a file, and Unpack extracts the
// databases of a multi-database archive into a folder. Both write under a temporary name next to
// the destination and publish it only when everything checked out: every encrypted chunk
// authenticated (for legacy files, the whole-file tag verified in a first pass before anything
// is written, and again at the end of the second), the decompressor reached its end, the stored
// bytes' SHA-256 and size matched the sidecar, and for archives every part matched the manifest.
// On any failure the temporary output is removed and nothing is left behind.
package offline
