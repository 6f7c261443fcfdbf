package perm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/perm"
)

func TestAllIsTheDocumentedList(t *testing.T) {
	want := []string{
		"sources:read", "sources:write",
		"destinations:read", "destinations:write",
		"jobs:read", "jobs:write", "jobs:run",
		"history:read",
		"storage:read", "storage:download", "storage:delete", "storage:restore",
		"vault:read", "vault:write", "vault:reveal",
		"notifications:read", "notifications:write",
		"users:read", "users:write",
		"groups:read", "groups:write",
		"sso:read", "sso:write",
		"apikeys:read", "apikeys:write",
		"settings:read", "settings:write",
		"audit:read",
	}
	got := make([]string, 0, len(want))
	for _, p := range perm.All() {
		got = append(got, p.String())
		require.True(t, p.Valid(), p)
	}
	require.Equal(t, want, got)
}

func TestAllReturnsACopy(t *testing.T) {
	a := perm.All()
	a[0] = "hacked"
	require.Equal(t, perm.SourcesRead, perm.All()[0])
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want perm.Permission
		ok   bool
	}{
		{"read", "sources:read", perm.SourcesRead, true},
		{"run", "jobs:run", perm.JobsRun, true},
		{"reveal", "vault:reveal", perm.VaultReveal, true},
		{"empty", "", "", false},
		{"unknown action", "jobs:delete", "", false},
		{"case matters", "Jobs:Run", "", false},
		{"no trimming", " jobs:run", "", false},
		{"area only", "jobs", "", false},
		{"wildcard is not a permission", "*", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := perm.Parse(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, perm.ErrUnknownPermission)
				require.Contains(t, err.Error(), "valid permissions are sources:read, sources:write,")
				require.Contains(t, err.Error(), "audit:read")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseRoundTripsEveryPermission(t *testing.T) {
	for _, p := range perm.All() {
		got, err := perm.Parse(p.String())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
}

func TestSetOperations(t *testing.T) {
	read := perm.NewSet(perm.JobsRead, perm.HistoryRead)
	run := perm.NewSet(perm.JobsRead, perm.JobsRun)

	tests := []struct {
		name string
		got  any
		want any
	}{
		{"has", read.Has(perm.JobsRead), true},
		{"has not", read.Has(perm.JobsRun), false},
		{"has unknown", perm.AllSet().Has("jobs:delete"), false},
		{"has all", read.HasAll(perm.JobsRead, perm.HistoryRead), true},
		{"has all, one missing", read.HasAll(perm.JobsRead, perm.JobsRun), false},
		{"has all of nothing", perm.Set{}.HasAll(), true},
		{"union", read.Union(run), perm.NewSet(perm.JobsRead, perm.JobsRun, perm.HistoryRead)},
		{"intersect", read.Intersect(run), perm.NewSet(perm.JobsRead)},
		{"subset", perm.NewSet(perm.JobsRead).IsSubsetOf(read), true},
		{"equal is a subset", read.IsSubsetOf(read), true},
		{"not a subset", run.IsSubsetOf(read), false},
		{"empty is a subset of empty", perm.Set{}.IsSubsetOf(perm.Set{}), true},
		{"everything is not a subset of less", perm.AllSet().IsSubsetOf(read), false},
		{"len", read.Len(), 2},
		{"len of all", perm.AllSet().Len(), len(perm.All())},
		{"zero is empty", perm.Set{}.IsEmpty(), true},
		{"unknown names are left out", perm.NewSet("nope", perm.JobsRun), perm.NewSet(perm.JobsRun)},
		{"order does not matter", perm.NewSet(perm.JobsRun, perm.JobsRead), run},
		{"strings in All order", run.Union(read).Strings(), []string{"jobs:read", "jobs:run", "history:read"}},
		{"string", read.String(), "jobs:read,history:read"},
		{"string of empty", perm.Set{}.String(), "none"},
		{"permissions of all", perm.AllSet().Permissions(), perm.All()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { require.Equal(t, tt.want, tt.got) })
	}
}

func TestSetIsAValue(t *testing.T) {
	a := perm.NewSet(perm.JobsRead)
	b := a.Union(perm.NewSet(perm.JobsRun))
	require.Equal(t, perm.NewSet(perm.JobsRead), a, "Union must not change its receiver")
	require.NotEqual(t, a, b)
}

func TestParseSet(t *testing.T) {
	s, err := perm.ParseSet([]string{"jobs:run", "storage:download", "jobs:run"})
	require.NoError(t, err)
	require.Equal(t, perm.NewSet(perm.JobsRun, perm.StorageDownload), s)

	s, err = perm.ParseSet(nil)
	require.NoError(t, err)
	require.True(t, s.IsEmpty())

	_, err = perm.ParseSet([]string{"jobs:run", "root"})
	require.ErrorIs(t, err, perm.ErrUnknownPermission)
	require.True(t, strings.Contains(err.Error(), `"root"`), err.Error())
}

func TestStringsRoundTripThroughParseSet(t *testing.T) {
	for _, p := range perm.All() {
		s := perm.NewSet(p, perm.AuditRead)
		back, err := perm.ParseSet(s.Strings())
		require.NoError(t, err)
		require.Equal(t, s, back)
	}
}

func TestAdminsGroup(t *testing.T) {
	require.Equal(t, "Admins", perm.AdminsGroup)
}

func TestEveryPermissionIsDescribed(t *testing.T) {
	for _, p := range perm.All() {
		require.NotEmpty(t, p.Description(), p)
		require.NotEmpty(t, p.Area(), p)
		require.True(t, strings.HasPrefix(string(p), p.Area()+":"), p)
	}
}
