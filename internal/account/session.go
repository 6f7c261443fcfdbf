package account

import (
	"context"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/session"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// sessionKey is the context key of the current session's id; see NewSessionContext.
type sessionKey struct{}

// NewSessionContext returns a copy of ctx that records the session a request was authenticated
// with, so that SetPassword keeps that one session. The middleware sets it next to the viewer.
func NewSessionContext(ctx context.Context, sessionID pulid.ID) context.Context {
	return context.WithValue(ctx, sessionKey{}, sessionID)
}

// SessionFromContext returns the session id recorded by NewSessionContext.
func SessionFromContext(ctx context.Context) (pulid.ID, bool) {
	id, ok := ctx.Value(sessionKey{}).(pulid.ID)
	return id, ok && id != ""
}

// Authenticate returns the viewer of a session token from a cookie, and the session. A token
// that is malformed or unknown gives ErrInvalidSession; a session past its lifetime or idle for
// IdleTimeout gives ErrSessionExpired and is deleted; a disabled user gives ErrDisabled. The
// idle timeout slides: last_seen_at moves to now, at most once a minute. Permissions are read
// afresh on every call, so a change of groups applies to the next request.
func (s *Service) Authenticate(ctx context.Context, tok string) (*viewer.Viewer, *ent.Session, error) {
	ctx = viewer.Privileged(ctx)
	hash, err := token.HashSessionToken(tok)
	if err != nil {
		return nil, nil, ErrInvalidSession
	}
	sess, err := s.client.Session.Query().Where(session.TokenHash(hash)).
		WithUser(func(q *ent.UserQuery) { q.WithGroups() }).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, nil, ErrInvalidSession
	case err != nil:
		return nil, nil, fmt.Errorf("look up session: %w", err)
	}
	now := s.now()
	u := sess.Edges.User
	if s.expired(sess, now) || u.Disabled {
		// Housekeeping, not an actor's change: not audited.
		if err := s.client.Session.DeleteOne(sess).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return nil, nil, fmt.Errorf("delete session: %w", err)
		}
		if u.Disabled {
			return nil, nil, ErrDisabled
		}
		return nil, nil, ErrSessionExpired
	}
	if now.Sub(sess.LastSeenAt) >= touchInterval {
		edges := sess.Edges
		if sess, err = s.client.Session.UpdateOne(sess).SetLastSeenAt(now).Save(ctx); err != nil {
			return nil, nil, fmt.Errorf("touch session: %w", err)
		}
		sess.Edges = edges
	}
	v := &viewer.Viewer{UserID: string(u.ID), Username: u.Username, Permissions: permissionsOf(u.Edges.Groups)}
	return v, sess, nil
}

// expired reports whether sess is past its lifetime or idle timeout at now.
func (s *Service) expired(sess *ent.Session, now time.Time) bool {
	return !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.opts.IdleTimeout
}

// Logout ends the session of tok. An unknown or malformed token is not an error: the result,
// no session, is the same.
func (s *Service) Logout(ctx context.Context, tok string) error {
	ctx = viewer.Privileged(ctx)
	hash, err := token.HashSessionToken(tok)
	if err != nil {
		return nil
	}
	return s.withTx(ctx, func(tx *ent.Tx) error {
		sess, err := tx.Session.Query().Where(session.TokenHash(hash)).WithUser().Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return nil
		case err != nil:
			return fmt.Errorf("look up session: %w", err)
		}
		if err := tx.Session.DeleteOne(sess).Exec(ctx); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionLogout, entityType: entitySession, entityID: string(sess.ID),
			details: map[string]any{"user_id": string(sess.Edges.User.ID), "username": sess.Edges.User.Username},
		})
	})
}

// Sessions returns the user's active sessions, the most recently used first.
func (s *Service) Sessions(ctx context.Context, userID pulid.ID) ([]*ent.Session, error) {
	ctx = viewer.Privileged(ctx)
	now := s.now()
	out, err := s.client.Session.Query().
		Where(session.HasUserWith(user.ID(userID)), session.ExpiresAtGT(now), session.LastSeenAtGT(now.Add(-s.opts.IdleTimeout))).
		Order(ent.Desc(session.FieldLastSeenAt)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sessions of %s: %w", userID, err)
	}
	return out, nil
}

// RevokeSession ends one session of the user; ErrNotFound when the user has no such session.
func (s *Service) RevokeSession(ctx context.Context, userID, sessionID pulid.ID) error {
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.Session.Delete().Where(session.ID(sessionID), session.HasUserWith(user.ID(userID))).Exec(ctx)
		if err != nil {
			return fmt.Errorf("revoke session %s: %w", sessionID, err)
		}
		if n == 0 {
			return notFound("session", sessionID)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionSessionRevoke, entityType: entitySession, entityID: string(sessionID),
			details: map[string]any{"user_id": string(userID)},
		})
	})
}

// PurgeExpiredSessions deletes sessions past their lifetime or idle timeout and returns how
// many; Authenticate refuses them anyway, this only keeps the table small.
func (s *Service) PurgeExpiredSessions(ctx context.Context) (int, error) {
	ctx = viewer.Privileged(ctx)
	now := s.now()
	var n int
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		var err error
		n, err = tx.Session.Delete().Where(session.Or(
			session.ExpiresAtLTE(now), session.LastSeenAtLTE(now.Add(-s.opts.IdleTimeout)),
		)).Exec(ctx)
		if err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx.Client(), event{action: ActionSessionsPurged, entityType: entitySession, details: map[string]any{"count": n}})
	})
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	return n, nil
}

// ViewerOf returns the viewer of a user with the permissions its groups give now, for work done
// on the user's behalf without a session (a one-time download link). A disabled user gives
// ErrDisabled; an unknown one ErrInvalidSession.
func (s *Service) ViewerOf(ctx context.Context, userID pulid.ID) (*viewer.Viewer, error) {
	u, err := s.client.User.Query().Where(user.ID(userID)).WithGroups().Only(viewer.Privileged(ctx))
	switch {
	case ent.IsNotFound(err):
		return nil, ErrInvalidSession
	case err != nil:
		return nil, fmt.Errorf("load user %s: %w", userID, err)
	case u.Disabled:
		return nil, ErrDisabled
	}
	return &viewer.Viewer{UserID: string(u.ID), Username: u.Username, Permissions: permissionsOf(u.Edges.Groups)}, nil
}
