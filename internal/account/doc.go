// Package account is DBackup's account service: first-run setup, users and their passwords,
// permissions from groups, password sign-in with throttling and TOTP, browser sessions, and API
// keys. It sits between the auth primitives (internal/auth/...) and the ent client, and is
// what the GraphQL resolvers, the HTTP middleware and the `dbackup user` commands call.
//
// Every method takes the caller's context first. Every change of state writes an AuditEntry in
// the same transaction, whose actor is viewer.FromContext(ctx).ActorName(); audit entries name
// the fields that changed and never hold a secret value (passwords, codes, tokens or keys).
//
// The rules that keep the built-in Admins group intact (it cannot be deleted or renamed, and
// keeps at least one enabled member) are ent hooks in the subpackage guard, installed by the
// schema, so that no code path can bypass them; this package re-exports their errors.
//
// Formats, parameters and what the database holds are specified in docs/auth.md.
package account
