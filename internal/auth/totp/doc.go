// Package totp implements the second sign-in factor: time-based one-time passwords (RFC 6238)
// from an authenticator app, and one-time recovery codes for when the app is lost.
//
// Codes are 6 digits, change every 30 seconds and use HMAC-SHA1: the parameters every
// authenticator app supports, and the ones Google Authenticator silently assumes whatever the
// otpauth URL says. Generate makes a 160-bit secret, which the caller stores sealed with
// ENCRYPTION_KEY (users.totp_secret), and the otpauth:// URL to show as a QR code.
//
// ValidateAfter is the sign-in check: it accepts the code of the current 30-second step or of
// one step either side (clock drift, typing time), refuses a code whose step is not after the
// last step used, and returns the matched step for the caller to store. RFC 6238 §5.2 requires
// this: a code must not be accepted twice, or anyone watching a screen could replay it within
// the minute.
//
// Recovery codes are "xxxx-xxxx" in lowercase Crockford base32 (no i, l, o or u; input is
// case-insensitive and i, l, o are read as 1, 1, 0). Each has 40 random bits: plenty against
// online guessing behind the sign-in throttle, but few enough that their SHA-256 hashes could
// be searched offline in minutes, so the list of hashes must be stored sealed with
// ENCRYPTION_KEY like the TOTP secret.
package totp
