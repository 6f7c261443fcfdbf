// Package viewer carries the identity of whoever a request or a background task acts for: a
// signed-in user, an API key acting as its owner, or the system itself.
//
// The authentication middleware puts a *Viewer in the request context with NewContext;
// resolvers, privacy rules and the audit log read it back with FromContext. A context without
// a viewer is anonymous: FromContext returns nil, and every method of *Viewer is safe on nil
// (Can returns false, ActorName returns "anonymous"), so a forgotten middleware denies rather
// than allows. Background work (the scheduler, retention, key rotation) runs under
// SystemContext, which has every permission and is recorded as "system".
//
// The context key is unexported, so only this package can put a viewer in a context.
package viewer
