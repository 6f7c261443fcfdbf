package viewer_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/viewer"
)

func TestFromContext(t *testing.T) {
	ctx := context.Background()
	require.Nil(t, viewer.FromContext(ctx), "a bare context is anonymous")

	v := &viewer.Viewer{UserID: "usr_1", Username: "alice"}
	require.Same(t, v, viewer.FromContext(viewer.NewContext(ctx, v)))

	require.Nil(t, viewer.FromContext(viewer.NewContext(ctx, nil)), "a nil viewer is anonymous")

	inner := viewer.NewContext(viewer.NewContext(ctx, v), nil)
	require.Nil(t, viewer.FromContext(inner), "the innermost viewer wins")
}

func TestOtherPackagesCannotForgeTheKey(t *testing.T) {
	type ctxKey struct{}
	ctx := context.WithValue(context.Background(), ctxKey{}, &viewer.Viewer{System: true})
	require.Nil(t, viewer.FromContext(ctx))
}

func TestSystemContext(t *testing.T) {
	v := viewer.FromContext(viewer.SystemContext(context.Background()))
	require.NotNil(t, v)
	require.True(t, v.System)
	require.Equal(t, perm.AllSet(), v.Permissions)
	for _, p := range perm.All() {
		require.True(t, v.Can(p), p)
	}
	require.Equal(t, "system", v.ActorName())
}

func TestCan(t *testing.T) {
	tests := []struct {
		name string
		v    *viewer.Viewer
		p    perm.Permission
		want bool
	}{
		{"anonymous", nil, perm.JobsRead, false},
		{"no permissions", &viewer.Viewer{Username: "bob"}, perm.JobsRead, false},
		{"granted", &viewer.Viewer{Permissions: perm.NewSet(perm.JobsRead)}, perm.JobsRead, true},
		{"not granted", &viewer.Viewer{Permissions: perm.NewSet(perm.JobsRead)}, perm.JobsRun, false},
		{"unknown permission", &viewer.Viewer{Permissions: perm.AllSet()}, "jobs:delete", false},
		{"system flag alone grants nothing", &viewer.Viewer{System: true}, perm.JobsRun, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { require.Equal(t, tt.want, tt.v.Can(tt.p)) })
	}
}

func TestActorName(t *testing.T) {
	tests := []struct {
		name string
		v    *viewer.Viewer
		want string
	}{
		{"nil", nil, "anonymous"},
		{"empty", &viewer.Viewer{}, "anonymous"},
		{"system", &viewer.Viewer{System: true, Username: "ignored"}, "system"},
		{"user", &viewer.Viewer{UserID: "usr_1", Username: "alice"}, "alice"},
		{"user without name", &viewer.Viewer{UserID: "usr_1"}, "usr_1"},
		{"api key", &viewer.Viewer{UserID: "usr_1", Username: "alice", APIKeyID: "key_1", APIKeyName: "ci"}, "api key ci"},
		{"api key without name", &viewer.Viewer{UserID: "usr_1", APIKeyID: "key_1"}, "api key key_1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { require.Equal(t, tt.want, tt.v.ActorName()) })
	}
}

func TestIsAnonymous(t *testing.T) {
	var v *viewer.Viewer
	require.True(t, v.IsAnonymous())
	require.False(t, (&viewer.Viewer{}).IsAnonymous())
}

func TestPrivileged(t *testing.T) {
	alice := &viewer.Viewer{UserID: "usr_1", Username: "alice", Permissions: perm.NewSet(perm.JobsRead)}
	tests := []struct {
		name    string
		ctx     context.Context
		actor   string
		actorID string
	}{
		{"user", viewer.NewContext(context.Background(), alice), "alice", "usr_1"},
		{"anonymous", context.Background(), "anonymous", ""},
		{"system", viewer.SystemContext(context.Background()), "system", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := viewer.Privileged(tt.ctx)
			v := viewer.FromContext(ctx)
			require.True(t, v.System)
			for _, p := range perm.All() {
				require.True(t, v.Can(p), p)
			}
			require.Equal(t, tt.actor, v.ActorName())
			require.Equal(t, tt.actorID, v.Actor().UserID)
			again := viewer.FromContext(viewer.Privileged(ctx))
			require.Equal(t, tt.actor, again.ActorName(), "privileging twice keeps the caller")
		})
	}
	require.False(t, viewer.FromContext(viewer.NewContext(context.Background(), alice)).Can(perm.UsersWrite),
		"the caller's own context is unchanged")
}
