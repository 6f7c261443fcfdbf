// Package token makes the bearer secrets DBackup hands out, session tokens and API keys, and
// the hashes it stores in their place.
//
// Both carry 256 bits from the system's cryptographically secure random source, so guessing
// one is hopeless and a plain (unsalted, fast) SHA-256 is a sound way to store it: unlike a
// password, there is no small space of likely values to search. The server keeps only the
// hash, so a copy of the database does not let anyone sign in.
//
// A session token is 43 characters of unpadded base64url, sent in a cookie. The server stores
// HashSessionToken(token), the hex SHA-256 of the token, and looks sessions up by it.
//
// An API key is "dbk_" followed by 52 characters of lowercase base32 (RFC 4648 alphabet, no
// padding): 56 characters that are case-insensitive to read out, contain no "-" or "=" so a
// double click selects all of it, and start with a recognisable marker for secret scanners.
// Its first PrefixLen characters ("dbk_" and 8 more, 40 random bits) are stored in clear to
// show the key in lists and to find its row; HashAPIKey(key), the SHA-256 of the whole key, is
// stored sealed with ENCRYPTION_KEY, and EqualHash compares it in constant time.
//
// The package functions use crypto/rand, whose reads never fail. A Generator with another
// reader exists for tests that need fixed output.
package token
