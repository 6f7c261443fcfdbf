// Package encfile is the encrypted backup file format of DBackup's encryption profiles
// ("layer 2"): a chunked, streaming AES-256-GCM format with a self-describing header.
//
// Every file gets a fresh random 256-bit data key. The header names the profile key by its
// public key id (vault.KeyID) and holds the data key wrapped by that profile key, with the
// header core (magic, version, key id, chunk size, random file id) as associated data. The
// plaintext is cut into fixed-size chunks, each sealed with the data key, a nonce made of the
// chunk's index and a final-chunk flag, and the SHA-256 of the whole header as associated data.
// So a reader detects, chunk by chunk, any changed byte, a file cut short (the last chunk it sees
// is not marked final), reordered chunks, chunks from another file and header edits, and it
// never returns a byte of a chunk before that chunk's tag has been checked. The format is
// specified byte by byte in docs/backup-format.md, with test vectors in testdata/encfile.
//
// Because the data key is wrapped, a rotated profile key (or an offline escrow key) does not
// mean rewriting the file: Rewrap seals the same data key under another key, the result is kept
// in the file's JSON sidecar (Wrap marshals to {"alg","kid","nonce","wrapped_key"}), and
// NewReader accepts such extra wraps.
//
// Writing:
//
//	w, err := encfile.NewWriter(dst, profileKey, encfile.Options{}) // 1 MiB chunks
//	if err != nil {
//		return err
//	}
//	if _, err := io.Copy(w, dump); err != nil {
//		return err
//	}
//	if err := w.Close(); err != nil { // writes the final chunk; without it the file is truncated
//		return err
//	}
//	sidecar.KeyID, sidecar.FileID = w.Header().KeyID(), w.Header().FileID()
//
// Reading:
//
//	r, err := encfile.NewReader(src, encfile.Keys(profileKeys...), sidecar.Wraps...)
//	var unknown *encfile.UnknownKeyError
//	switch {
//	case errors.As(err, &unknown): // "import the profile key <unknown.KeyID>"
//	case err != nil:
//		return err
//	}
//	_, err = io.Copy(restore, r) // err != nil: abandon the restore, even though a prefix was written
//
// ReadHeader reads the header without a key, to learn which key a file needs. Errors are
// sentinels (ErrNotEncrypted, ErrUnsupportedVersion, ErrHeader, ErrUnknownKey, ErrWrongKey,
// ErrTampered, ErrTruncated, ErrTrailingData, ErrTooLarge, ErrMalformedWrap), matched with
// errors.Is. Writers and Readers allocate their buffers once (one chunk for a Writer, two for a
// Reader) and use one AES-GCM instance per file, so memory stays flat whatever the file size.
package encfile
