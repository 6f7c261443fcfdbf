// Package auth is the parent of DBackup's authentication primitives. It holds no code; each
// concern is its own small package so that callers import only what they use:
//
//   - password: argon2id password hashes in PHC string format, and the password policy.
//   - token: session tokens and API keys, and the hashes the server stores instead of them.
//   - perm: the permission set, and the Set type scopes and groups are built from.
//   - totp: time-based one-time passwords and one-time recovery codes for two-factor sign-in.
//   - throttle: brute-force protection for sign-in, per client IP and per account.
//
// The request's identity (who is asking, with which permissions) lives in internal/viewer.
// The formats, parameters and what is stored where are described in docs/auth.md.
package auth
