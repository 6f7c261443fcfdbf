// Package password hashes and verifies user passwords with argon2id and checks new passwords
// against DBackup's password policy.
//
// Hash returns a self-describing PHC string:
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>
//
// with the salt (16 random bytes) and the hash (32 bytes) in unpadded standard base64, the
// format of the argon2 reference implementation, libsodium and passlib. The string is what the
// users.password_hash column holds. Because the parameters travel with the hash, they can be
// raised later: Verify checks old hashes with their own parameters and reports needsRehash, and
// the caller then stores a fresh Hash of the password it has just verified.
//
// Every hash needs 64 MiB of memory. At most maxConcurrent hashes run at once; further calls
// wait, so that a burst of sign-ins cannot exhaust the server's memory.
//
// Passwords arrive as vault.Secret so that they cannot reach a log by accident. Validate is the
// policy for new passwords (at least 12 characters, at most 1024 bytes); Hash and Verify do not
// apply it, so that a policy change never locks out an existing user.
package password
