package server

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/graph"
)

// GraphQL limits. They are deliberately generous for the UI and the playground, and stop
// accidental or hostile queries before they reach the database.
const (
	// maxQueryDepth is the deepest selection nesting allowed; the SPA's deepest query uses ~6.
	maxQueryDepth = 12
	// maxQueryComplexity caps the summed cost of the fields of one operation.
	maxQueryComplexity = 1000
	// maxRequestBody caps a GraphQL request body (and a websocket message); no operation of ours
	// comes close to 1 MiB, file uploads go through /api.
	maxRequestBody = 1 << 20
	// queryCacheSize is how many parsed query documents are kept.
	queryCacheSize = 1000
	// wsKeepAlive keeps websocket subscriptions alive through proxies that drop idle connections.
	wsKeepAlive = 15 * time.Second
)

// newGraphQLHandler builds the /graphql handler: POST and websocket subscriptions, with depth,
// complexity and size limits, and panics turned into GraphQL errors.
func newGraphQLHandler(r *graph.Resolver, baseURL string, log *slog.Logger) *handler.Server {
	srv := handler.New(graph.NewSchema(r))
	readLimit := int64(maxRequestBody)
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: wsKeepAlive,
		PayloadReadLimit:      &readLimit,
		Implementation: transport.CoderWebsocketImplementation{
			// Browsers may only open subscriptions from this server's own pages; coder/websocket
			// checks Origin against Host, and BASE_URL's host is allowed too for reverse proxies.
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: originPatterns(baseURL)},
		},
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(maxQueryComplexity))
	srv.Use(graph.DepthLimit{Max: maxQueryDepth})
	srv.SetErrorPresenter(graph.PresentError)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		oc := graphql.GetOperationContext(ctx)
		log.ErrorContext(ctx, "graphql resolver panicked", "operation", oc.OperationName, "panic", p)
		return gqlerror.Errorf("internal server error; the server log has the details")
	})
	return srv
}

func originPatterns(baseURL string) []string {
	if baseURL == "" {
		return nil
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Host}
}
