package viewer

import (
	"context"

	"github.com/dbackup/dbackup/internal/auth/perm"
)

// Actor names for viewers that are not a user or an API key, as they appear in the audit log.
const (
	anonymousActor = "anonymous"
	systemActor    = "system"
	apiKeyActor    = "api key "
)

// Viewer is who a request or task acts for, with the permissions it holds.
type Viewer struct {
	// UserID is the id of the signed-in user, or of the API key's owner; empty for the system.
	UserID string
	// Username is the user's login name, for display and the audit log.
	Username string
	// APIKeyID is the id of the API key the request was authenticated with; empty for a
	// session. Permissions are then the key's scopes, limited to its owner's permissions.
	APIKeyID string
	// APIKeyName is the key's name, or its display prefix, for the audit log ("api key <name>").
	APIKeyName string
	// Permissions is what the viewer may do.
	Permissions perm.Set
	// System is true for background work started by DBackup itself rather than by a request,
	// and for a domain service acting with Privileged on behalf of a caller.
	System bool
	// OnBehalfOf is the caller a Privileged context acts for; the audit log names it.
	OnBehalfOf *Viewer
}

// ctxKey is the context key of the viewer. It is unexported so that no other package can set
// or read the value except through NewContext and FromContext.
type ctxKey struct{}

// NewContext returns a copy of ctx that carries v. A nil v makes the context anonymous.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in ctx, or nil when the context is anonymous.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// SystemContext returns a copy of ctx for background work: its viewer holds every permission
// and is recorded as "system". Never derive it from a request's context to skip a check.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, &Viewer{Permissions: perm.AllSet(), System: true})
}

// Privileged returns a copy of ctx with every permission that still names the viewer of ctx
// as the actor (Actor, ActorName). A domain service uses it after it has authorized the
// caller itself, for rows the caller's permissions do not cover: the Admins guard counting
// administrators, a sign-in looking a user up, the audit log being written. Ent privacy rules
// let it through like SystemContext.
func Privileged(ctx context.Context) context.Context {
	caller := FromContext(ctx).Actor()
	switch {
	case caller == nil:
		// An anonymous caller (a sign-in attempt) stays anonymous in the audit log.
		caller = &Viewer{}
	case caller.System:
		return ctx
	}
	return NewContext(ctx, &Viewer{Permissions: perm.AllSet(), System: true, OnBehalfOf: caller})
}

// Actor is who v acts for: the caller of a Privileged context (an empty Viewer for an
// anonymous one), else v itself (nil when anonymous).
func (v *Viewer) Actor() *Viewer {
	if v != nil && v.OnBehalfOf != nil {
		return v.OnBehalfOf
	}
	return v
}

// Can reports whether v holds p. It is false for a nil (anonymous) viewer.
func (v *Viewer) Can(p perm.Permission) bool {
	return v != nil && v.Permissions.Has(p)
}

// IsAnonymous reports whether v is nil, that is, nobody is signed in.
func (v *Viewer) IsAnonymous() bool { return v == nil }

// ActorName names v in the audit log and in messages: "anonymous", "system", "api key <name>"
// for a request authenticated by an API key, or the username.
func (v *Viewer) ActorName() string {
	v = v.Actor()
	switch {
	case v == nil:
		return anonymousActor
	case v.System:
		return systemActor
	case v.APIKeyID != "":
		if v.APIKeyName != "" {
			return apiKeyActor + v.APIKeyName
		}
		return apiKeyActor + v.APIKeyID
	case v.Username != "":
		return v.Username
	case v.UserID != "":
		return v.UserID
	default:
		return anonymousActor
	}
}
