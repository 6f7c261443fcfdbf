package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestDepthLimit(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		wantErr bool
	}{
		{name: "shallow", query: `{ a { b { c } } }`},
		{name: "at the limit", query: `{ a { b { c { d } } } }`},
		{name: "over the limit", query: `{ a { b { c { d { e } } } } }`, wantErr: true},
		{name: "through a fragment", query: `{ a { ...F } } fragment F on T { b { c { d { e } } } }`, wantErr: true},
		{name: "through an inline fragment", query: `{ a { ... on T { b { c { d { e } } } } } }`, wantErr: true},
		{name: "introspection is not counted", query: `{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tt.query})
			require.NoError(t, err)
			oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
			gerr := DepthLimit{Max: 4}.MutateOperationContext(context.Background(), oc)
			if !tt.wantErr {
				require.Nil(t, gerr)
				return
			}
			require.NotNil(t, gerr)
			require.Equal(t, "DEPTH_LIMIT_EXCEEDED", gerr.Extensions["code"])
			require.Contains(t, gerr.Message, "limit of 4")
		})
	}
}
