// Package legacy reads the encrypted backups written by DBackup's predecessor, the Node.js
// "seed" product, so that they can still be restored offline.
//
// The seed encrypted a whole backup file with AES-256-GCM under the encryption profile's
// 32-byte key and a random IV (16 bytes, as Node's crypto.createCipheriv was given). The file is
// the bare ciphertext, with no header; the IV, the 16-byte authentication tag and the profile id
// are kept in the JSON sidecar "<file>.meta.json" (ParseMeta). Inside is the gzip or brotli
// stream of either one dump or a tar of several dumps with a manifest.json (ArchiveReader).
//
// Whole-file GCM has one tag for the whole file, checked only at the end, so nothing decrypted
// may be used before the last byte has been read. Restores therefore take two passes: Verify
// reads the file once and checks the tag without producing plaintext; only then does Decrypt
// stream the plaintext, and it checks the tag again at the end. Both stream with constant
// memory; GCM with a nonce other than 12 bytes is computed here (ghash.go) because the standard
// library only opens whole messages in memory, and files that fit under InMemoryLimit are opened
// with the standard library instead, as a cross-check. docs/offline-recovery.md describes the
// format as accepted.
package legacy
