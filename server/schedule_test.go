package server

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/schedule"
)

const scheduledRunsOp = `query($job: ID!) { executions(first: 50, where: {hasJobWith: {id: $job}, trigger: schedule}) {
	edges { node { status scheduledFor } } } }`

// TestScheduledBackupsRun: an enabled job's schedule runs backups on its own, each instant once,
// and shows nextRunAt; disabling the job clears nextRunAt and stops the runs.
func TestScheduledBackupsRun(t *testing.T) {
	old := schedule.MinEvery
	schedule.MinEvery = time.Second
	t.Cleanup(func() { schedule.MinEvery = old })
	s := start(t, Config{SchedulerInterval: 100 * time.Millisecond}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	f := sqliteFixture(t)
	f.seed(t, f.db, 20)
	job := e.do(createJobOp, map[string]any{"in": map[string]any{"name": "often", "sourceId": e.source("lite", f),
		"schedule": "@every 1s", "targets": []map[string]any{{"destinationId": e.localDest("disk", t.TempDir())}}}}, "createJob")["id"].(string)

	const jobOp = `query($id: ID!) { node(id: $id) { ... on Job { nextRunAt enabled catchUp } } }`
	j := e.do(jobOp, map[string]any{"id": job}, "node")
	require.NotNil(t, j["nextRunAt"])
	require.Equal(t, "run_once", j["catchUp"])

	var runs []any
	require.Eventually(t, func() bool {
		runs = e.do(scheduledRunsOp, map[string]any{"job": job}, "executions")["edges"].([]any)
		done := 0
		for _, r := range runs {
			if r.(map[string]any)["node"].(map[string]any)["status"] == "SUCCESS" {
				done++
			}
		}
		return done >= 3
	}, 60*time.Second, 200*time.Millisecond)
	seen := map[any]bool{}
	for _, r := range runs {
		at := r.(map[string]any)["node"].(map[string]any)["scheduledFor"]
		require.NotNil(t, at)
		require.False(t, seen[at], "instant %v ran twice", at)
		seen[at] = true
	}

	j = data(t, gqlVars(t, e.url, `mutation($id: ID!) { updateJob(id: $id, input: {enabled: false}) { nextRunAt enabled } }`,
		map[string]any{"id": job}, e.admin), "updateJob").(map[string]any)
	require.Nil(t, j["nextRunAt"])
	time.Sleep(300 * time.Millisecond) // a run claimed just before the update may still be queued
	before := len(e.do(scheduledRunsOp, map[string]any{"job": job}, "executions")["edges"].([]any))
	time.Sleep(2500 * time.Millisecond)
	require.Len(t, e.do(scheduledRunsOp, map[string]any{"job": job}, "executions")["edges"], before, "no runs while disabled")

	r := gqlVars(t, e.url, `mutation($id: ID!) { updateJob(id: $id, input: {schedule: "@every 10s"}) { id } }`, map[string]any{"id": job}, e.admin)
	require.Equal(t, "", gqlCode(r))
	schedule.MinEvery = time.Minute
	r = gqlVars(t, e.url, `mutation($id: ID!) { updateJob(id: $id, input: {schedule: "@every 10s"}) { id } }`, map[string]any{"id": job}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "schedule", errorField(r))
}

// TestSchedulePreview lists the next instants of a schedule in its zone, and names a bad field.
func TestSchedulePreview(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)
	const op = `query($s: String!, $tz: String, $n: Int) { schedulePreview(schedule: $s, timezone: $tz, count: $n) }`
	got := data(t, gqlVars(t, s.url, op, map[string]any{"s": "0 3 * * *", "tz": "Asia/Tokyo", "n": 3}, admin), "schedulePreview").([]any)
	require.Len(t, got, 3)
	for _, v := range got {
		at, err := time.Parse(time.RFC3339, v.(string))
		require.NoError(t, err)
		require.Equal(t, 18, at.UTC().Hour(), "03:00 in Tokyo is 18:00 UTC")
	}
	r := gqlVars(t, s.url, op, map[string]any{"s": "0 3 * *", "tz": "UTC"}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "schedule", errorField(r))
	r = gqlVars(t, s.url, op, map[string]any{"s": "0 3 * * *", "tz": "Mars/Olympus"}, admin)
	require.Equal(t, "timezone", errorField(r))
}
