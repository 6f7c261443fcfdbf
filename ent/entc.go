//go:build ignore

// entc.go generates the ent client, the GraphQL schema of the entities (graph/schema/ent.graphqls)
// and the gqlgen autobind configuration. It runs through `go generate` at the repository root.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dbackup/dbackup/internal/vault"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("./graph/schema/ent.graphqls"),
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithRelaySpec(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(signedInNodeQueries),
	)
	if err != nil {
		log.Fatalf("entgql extension: %v", err)
	}
	cfg := &gen.Config{
		Target:  "./ent",
		Package: "github.com/dbackup/dbackup/ent",
		Features: []gen.Feature{
			gen.FeatureVersionedMigration,
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
			gen.FeatureUpsert,
			gen.FeatureExecQuery,
		},
		Templates: []*gen.Template{
			gen.MustParse(gen.NewTemplate("pulid").ParseFiles("./ent/template/pulid.tmpl")),
			gen.MustParse(gen.NewTemplate("secrets").ParseFiles("./ent/template/secrets.tmpl")),
		},
	}
	// Keyring seals and opens the secret columns (internal/vault/entvault); every client gets one.
	keyring := entc.Dependency(
		entc.DependencyName("Keyring"),
		entc.DependencyType(&vault.Keyring{}),
	)
	if err := entc.Generate("./ent/schema", cfg, entc.Extensions(ex), keyring); err != nil {
		log.Fatalf("entc generate: %v", err)
	}
}

// signedInNodeQueries puts @signedIn on the Relay node and nodes queries that entgql writes:
// they may return any entity type, so the directive only asks for a viewer, and ent privacy
// decides per entity what that viewer may read.
func signedInNodeQueries(_ *gen.Graph, s *ast.Schema) error {
	q := s.Types["Query"]
	if q == nil {
		return nil
	}
	for _, f := range q.Fields {
		if f.Name == "node" || f.Name == "nodes" {
			f.Directives = append(f.Directives, &ast.Directive{Name: "signedIn"})
		}
	}
	return nil
}
