// Package vault protects the secrets DBackup keeps in its own database (database passwords,
// storage credentials, encryption profile keys, OIDC client secrets) with the system key
// ENCRYPTION_KEY.
//
// A Key is 32 random bytes, given to DBackup as 64 hex characters. Keys are never stored in the
// database; only their key id (KeyID) is, which is derived one-way from the key so that it can
// name a key in sealed values, logs and error messages without revealing it.
//
// A Keyring holds the primary key plus any previous keys loaded during a key rotation
// (LoadFromEnv reads ENCRYPTION_KEY, ENCRYPTION_KEY_FILE, ENCRYPTION_KEY_PREVIOUS and
// ENCRYPTION_KEY_PREVIOUS_FILE). Seal always uses the primary key; Open uses whichever loaded
// key the value names, so values sealed before a rotation keep working until Reseal has moved
// them to the primary key.
//
// A sealed value is a printable string that fits in any text column:
//
//	dbk1.<kid>.<base64url(nonce ‖ ciphertext ‖ tag)>
//
// It is AES-256-GCM with a fresh random 96-bit nonce per value and associated data that binds
// the value to its Place (table, column and row id), so a value copied into another row or
// column fails to open with ErrTampered. A value sealed with a key that is not loaded fails
// with a *KeyMismatchError (errors.Is(err, ErrKeyMismatch)), which says which key is needed,
// so that callers can tell "wrong ENCRYPTION_KEY" apart from corruption. Anything that does not
// parse is ErrMalformed: there is no plaintext pass-through. The format is specified byte by
// byte, with test vectors, in docs/vault-format.md; it must stay compatible.
//
// Fingerprint computes a keyed hash of an API key for lookups, so that the database never holds
// the API key itself, and a stolen database alone cannot be used to test guesses offline.
//
// Secret wraps a plaintext secret in memory. Every way of printing or encoding it (fmt, JSON,
// text, slog) shows "***"; only Reveal returns the value, so a secret reaches a log only if
// somebody writes Reveal next to the log call.
//
// A Keyring is immutable once built and safe for concurrent use. Typical use at start-up and in
// a hook:
//
//	res, err := vault.LoadFromEnv(nil, nil) // os.Getenv, and key files from disk
//	if err != nil {
//		return err // one line, names the variable, shows "openssl rand -hex 32"
//	}
//	if res.Missing() {
//		// First start with no database: vault.GenerateKeyFile(dataDir) and warn loudly.
//		// Existing database: refuse to start.
//	}
//	p := vault.Place{Table: "sources", Column: "password", RowID: id}
//	sealed, err := res.Keyring.Seal([]byte(password), p)
//	…
//	plain, err := res.Keyring.Open(sealed, p)
//	switch {
//	case errors.Is(err, vault.ErrKeyMismatch): // wrong ENCRYPTION_KEY: report, keep running
//	case errors.Is(err, vault.ErrTampered): // corrupt or moved value
//	}
package vault
