package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/dbackup/dbackup/graph/generated"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
)

// NewSchema returns the executable schema over r with the authorization directives
// (graph/schema/directives.graphqls) wired in. The server and the tests both build it here, so
// no handler can run without them.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: r, Directives: Directives()})
}

// Directives returns the implementations of @public, @signedIn and @hasPermission.
func Directives() generated.DirectiveRoot {
	return generated.DirectiveRoot{
		Public: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return next(ctx)
		},
		SignedIn: func(ctx context.Context, _ any, next graphql.Resolver, sessionOnly bool) (any, error) {
			if err := authz.RequireViewer(ctx, sessionOnly); err != nil {
				return nil, err
			}
			return next(ctx)
		},
		HasPermission: func(ctx context.Context, _ any, next graphql.Resolver, permission string) (any, error) {
			p, err := perm.Parse(permission)
			if err != nil {
				// A typo in the schema denies rather than allows; TestEveryRootFieldDeclaresAccess
				// catches it before it ships.
				return nil, err
			}
			if err := authz.Require(ctx, p); err != nil {
				return nil, err
			}
			return next(ctx)
		},
	}
}
