// Package backup runs one backup as a stream: the source's dump is compressed, optionally
// encrypted, and teed to every destination at once, while the SHA-256 and size of the stored
// bytes are computed on the way. Nothing is buffered beyond a few chunks and no temporary copy is
// written, so memory stays flat whatever the size of the database.
package backup
