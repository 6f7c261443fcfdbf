package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/schema"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dbackup/dbackup/internal/auth/perm"
)

// listQuery exposes an entity as a Relay connection on Query named name, behind the
// @hasPermission directive (graph/schema/directives.graphqls). Ent privacy checks the same
// permission again on every row (Policy of each schema).
func listQuery(name string, p perm.Permission) schema.Annotation {
	return entgql.QueryField(name).Directives(entgql.NewDirective("hasPermission", &ast.Argument{
		Name:  "permission",
		Value: &ast.Value{Raw: string(p), Kind: ast.StringValue},
	}))
}
