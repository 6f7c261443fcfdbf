package scheduler

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/viewer"
)

// runs records the runs queued, refusing a second one for the same job and instant as the
// executions table's unique index does.
type runs struct {
	mu   sync.Mutex
	seen map[string]bool
	at   []time.Time
}

func (r *runs) RunScheduled(_ context.Context, jobID pulid.ID, at time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := string(jobID) + at.UTC().Format(time.RFC3339Nano)
	if r.seen[k] {
		return ErrAlreadyScheduled
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[k] = true
	r.at = append(r.at, at.UTC())
	return nil
}

func openClient(t *testing.T) *ent.Client { return entdb.Open(t) }

// newJob stores a job with the schedule; next_run_at stays empty, as after an upgrade.
func newJob(t *testing.T, c *ent.Client, name, expr, tz string, catchUp entjob.CatchUp) *ent.Job {
	ctx := viewer.SystemContext(context.Background())
	src := c.Source.Create().SetName("src-" + name).SetEngine("sqlite").SetDatabase("/tmp/x.db").SaveX(ctx)
	return c.Job.Create().SetName(name).SetSourceID(src.ID).SetSchedule(expr).SetTimezone(tz).SetCatchUp(catchUp).SaveX(ctx)
}

// clock is a fake clock moved by the test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestFiresAcrossDSTInBerlin steps a fake clock a minute at a time across both daylight-saving
// changes of 2026 in Europe/Berlin: a daily 03:00 job fires at 03:00 local time every day (02:00Z
// in winter, 01:00Z in summer), and a 02:30 job fires once on the day 02:30 happens twice and at
// 03:00 local on the day it does not exist (robfig/cron moves it past the gap).
func TestFiresAcrossDSTInBerlin(t *testing.T) {
	c := openClient(t)
	newJob(t, c, "three", "0 3 * * *", "Europe/Berlin", entjob.CatchUpRunOnce)
	newJob(t, c, "half-two", "30 2 * * *", "Europe/Berlin", entjob.CatchUpRunOnce)
	for _, tc := range []struct {
		name     string
		from, to string
		want     []string
	}{
		{"spring forward", "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z", []string{
			"2026-03-28T01:30:00Z", "2026-03-28T02:00:00Z", // CET: 02:30 and 03:00 local
			"2026-03-29T01:00:00Z",                         // 29 March: 02:30 does not exist; the 03:00 CEST run
			"2026-03-30T00:30:00Z", "2026-03-30T01:00:00Z", // CEST
		}},
		{"fall back", "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z", []string{
			"2026-10-25T00:30:00Z", // 02:30 CEST, the first of the two 02:30s, and only that one
			"2026-10-25T02:00:00Z", // 03:00 CET
			"2026-10-26T01:30:00Z", "2026-10-26T02:00:00Z",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := viewer.SystemContext(context.Background())
			c.Job.Update().ClearNextRunAt().ExecX(ctx)
			clk := &clock{t: utc(tc.from)}
			r := &runs{}
			s := New(c, r, Config{Interval: time.Minute, Now: clk.now})
			for clk.t.Before(utc(tc.to)) {
				_, err := s.Tick(context.Background())
				require.NoError(t, err)
				clk.t = clk.t.Add(time.Minute)
			}
			var want []time.Time
			for _, w := range tc.want {
				want = append(want, utc(w))
			}
			require.ElementsMatch(t, want, r.at)
		})
	}
}

// TestEachInstantOnceAcrossNodes: four schedulers (nodes) ticking the same database at the
// same moments queue every instant exactly once.
func TestEachInstantOnceAcrossNodes(t *testing.T) {
	c := openClient(t)
	job := newJob(t, c, "every-minute", "* * * * *", "UTC", entjob.CatchUpRunOnce)
	clk := &clock{t: utc("2026-12-07T10:00:30Z")}
	r := &runs{}
	var nodes []*Scheduler
	for range 4 {
		// The fake runner stands in for the executions table; the claim on next_run_at is what
		// is under test, so the runner's own refusal must never be needed.
		nodes = append(nodes, New(c, r, Config{Interval: 10 * time.Second, Now: clk.now}))
	}
	total := 0
	for range 6 * 60 { // an hour in 10-second steps
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, n := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fired, err := n.Tick(context.Background())
				require.NoError(t, err)
				mu.Lock()
				total += fired
				mu.Unlock()
			}()
		}
		wg.Wait()
		clk.t = clk.t.Add(10 * time.Second)
	}
	require.Len(t, r.at, 60)
	require.Equal(t, 60, total, "the claim let exactly one node fire each instant")
	for i, at := range r.at {
		require.Equal(t, utc("2026-12-07T10:01:00Z").Add(time.Duration(i)*time.Minute), at)
	}
	j := c.Job.GetX(viewer.SystemContext(context.Background()), job.ID)
	require.Equal(t, utc("2026-12-07T11:01:00Z"), j.NextRunAt.UTC())
}

// TestCatchUpAfterDowntime: instants missed while no node ran are run once (run_once) or
// skipped (skip), and reported; the next instant is the first after now either way.
func TestCatchUpAfterDowntime(t *testing.T) {
	c := openClient(t)
	once := newJob(t, c, "once", "0 * * * *", "UTC", entjob.CatchUpRunOnce)
	skip := newJob(t, c, "skip", "0 * * * *", "UTC", entjob.CatchUpSkip)
	clk := &clock{t: utc("2026-12-07T08:30:00Z")}
	r := &runs{}
	var missed []Missed
	s := New(c, r, Config{Interval: 15 * time.Second, Now: clk.now, OnMissed: func(_ context.Context, m Missed) { missed = append(missed, m) }})
	_, err := s.Tick(context.Background())
	require.NoError(t, err)
	require.Empty(t, r.at, "nothing is due at first")

	clk.t = utc("2026-12-07T13:20:00Z") // down from 08:30 to 13:20: 09:00 … 13:00 missed
	fired, err := s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, fired)
	require.Equal(t, []time.Time{utc("2026-12-07T09:00:00Z")}, r.at, "run_once runs the first missed instant, once")
	require.Len(t, missed, 2)
	for _, m := range missed {
		require.Equal(t, m.JobID == once.ID, m.Ran)
	}
	ctx := viewer.SystemContext(context.Background())
	for _, id := range []pulid.ID{once.ID, skip.ID} {
		require.Equal(t, utc("2026-12-07T14:00:00Z"), c.Job.GetX(ctx, id).NextRunAt.UTC())
	}

	// A run found a little late (within the grace) is not missed.
	clk.t = utc("2026-12-07T14:00:40Z")
	fired, err = s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, 2, fired)
	require.Len(t, missed, 2)

	// Disabled jobs do not fire.
	c.Job.UpdateOneID(once.ID).SetEnabled(false).ExecX(ctx)
	clk.t = utc("2026-12-07T15:00:10Z")
	fired, err = s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, fired)
}
