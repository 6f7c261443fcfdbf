// Package syskey manages the system key (ENCRYPTION_KEY) over the life of a database: it decides
// at start-up which keyring to use (refusing to invent a key for a database that already holds
// secrets), remembers which key sealed the database in a key check row, reports the key's state
// (OK, MISMATCH, ROTATING, GENERATED) with counts of sealed and undecryptable values, re-seals
// every secret under a new key, and forgets exactly the secrets no loaded key opens.
//
// It walks ent.SecretColumns, the generated list of sealed columns, so a new secret field is
// covered by rotation, counting and forgetting without a change here.
package syskey
