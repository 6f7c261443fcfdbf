package backup

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestObjectName(t *testing.T) {
	at := time.Date(2026, 11, 28, 3, 4, 5, 0, time.UTC)
	v := NameVars{Job: "Nightly prod/eu", Database: "app", ExecutionID: "exe_01", Time: at}
	cases := []struct{ tmpl, want string }{
		{"", "Nightly-prod-eu/Nightly-prod-eu_app_2026-11-28_030405.dump.zst"},
		{"{year}/{month}/{day}/{database}-{datetime}", "2026/11/28/app-20261128T030405.dump.zst"},
		{"x/{timestamp}-{id}", "x/1795835045-exe_01.dump.zst"},
	}
	for _, c := range cases {
		got, err := ObjectName(c.tmpl, v, ".dump.zst")
		require.NoError(t, err, c.tmpl)
		require.Equal(t, c.want, got)
	}
	for _, bad := range []string{"{nope}", "{job", "static", "/abs/{date}", "a//{date}", "../{date}"} {
		require.ErrorIs(t, CheckNameTemplate(bad), ErrNameTemplate, bad)
	}
	require.NoError(t, CheckNameTemplate(DefaultNameTemplate))
	// A value that is only unsafe characters still makes a usable name.
	got, err := ObjectName("{database}/{date}", NameVars{Database: "../", Time: at}, "")
	require.NoError(t, err)
	require.Equal(t, "x/2026-11-28", got)
}
