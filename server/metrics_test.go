package server

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMetrics: /metrics needs history:read and reports the job's last success, size, duration
// and failures, and the executions by status.
func TestMetrics(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 10)
	job := e.job("nightly", e.source("lite", f), nil, "", e.localDest("disk", t.TempDir()))
	require.Equal(t, "SUCCESS", e.run(job)["status"])
	broken := e.job("broken", e.source("gone", fixture{engine: "sqlite", settings: map[string]string{"database": "/nonexistent/x.db"}}), nil, "", e.localDest("disk2", t.TempDir()))
	require.Equal(t, "FAILED", e.run(broken)["status"])

	require.Equal(t, http.StatusUnauthorized, fetchRaw(t, e.url+"/metrics", nil).status)
	r := fetchRaw(t, e.url+"/metrics", e.admin)
	require.Equal(t, http.StatusOK, r.status, r.body)
	for _, want := range []string{
		`dbackup_job_last_success_timestamp_seconds{job="nightly"}`,
		`dbackup_job_last_size_bytes{job="nightly"}`,
		`dbackup_job_last_duration_seconds{job="nightly",status="SUCCESS"}`,
		`dbackup_job_failures_total{job="broken"} 1`,
		`dbackup_executions{kind="backup",status="SUCCESS"} 1`,
		`dbackup_metrics_scrape_success 1`,
	} {
		require.Contains(t, r.body, want)
	}
}
