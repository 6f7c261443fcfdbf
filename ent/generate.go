// Package ent holds the schema (in ent/schema) and the generated data-access code of DBackup's
// configuration database. Run `go generate ./...` from the repository root after changing a
// schema: generate.go at the root runs entc (ent/entc.go), gqlgen and the SPA's codegen in order.
package ent
