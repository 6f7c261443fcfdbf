package viewer

import "context"

// Origin is where a request came from, for the audit log: the client address and user agent.
type Origin struct {
	IP        string
	UserAgent string
}

// originKey is the context key of the Origin; unexported like ctxKey.
type originKey struct{}

// WithOrigin returns a copy of ctx that carries o. The HTTP middleware sets it on every request.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// OriginFromContext returns the Origin in ctx; the zero Origin for background work.
func OriginFromContext(ctx context.Context) Origin {
	o, _ := ctx.Value(originKey{}).(Origin)
	return o
}
