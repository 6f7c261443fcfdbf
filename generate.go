// Package dbackup is the root of the DBackup module. It holds no code, only the one generation
// chain of the repository, run with `go generate ./...`:
//
//  1. entc (ent/entc.go): the ent client, graph/schema/ent.graphqls and gqlgen's autobind list;
//  2. gqlgen: graph/generated and the resolver skeletons in graph/;
//  3. graphql-codegen (frontend/codegen.ts): the SPA's typed GraphQL client from graph/schema.
//
// Generated code is committed; the test command regenerates and fails on any difference.
package dbackup

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run -mod=mod github.com/99designs/gqlgen generate
//go:generate npm run --silent codegen
