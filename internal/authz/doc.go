// Package authz decides whether the viewer of a context may do something, in the two places
// DBackup checks it: the GraphQL directives on every root field (graph/directives.go calls
// Require and RequireViewer) and the ent privacy policies of every schema (the rules here), the
// backstop that holds for any query or mutation whichever code path issues it.
//
// Denials are typed: ErrUnauthenticated when nobody is signed in, *ForbiddenError naming the
// missing permission, ErrSessionRequired for an API key doing what only a person may. The one
// GraphQL error presenter maps them to codes.
//
// Background work runs under viewer.SystemContext and domain services that have authorized
// their caller under viewer.Privileged; both hold every permission, so the rules let them
// through without special cases.
package authz
