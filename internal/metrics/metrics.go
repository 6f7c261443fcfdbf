// Package metrics exposes DBackup's state to Prometheus: per job the last success time, the last
// run's duration and size and the failures, the queue depth, and notification deliveries. The
// figures are read from the database at scrape time, so every node reports the same values and a
// restart loses nothing.
package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	entdel "github.com/dbackup/dbackup/ent/notificationdelivery"
	"github.com/dbackup/dbackup/internal/viewer"
)

// scrapeTimeout bounds the queries of one scrape.
const scrapeTimeout = 10 * time.Second

var (
	lastSuccess = prometheus.NewDesc("dbackup_job_last_success_timestamp_seconds",
		"Unix time the job's last successful backup finished.", []string{"job"}, nil)
	lastDuration = prometheus.NewDesc("dbackup_job_last_duration_seconds",
		"Duration of the job's last finished backup run.", []string{"job", "status"}, nil)
	lastSize = prometheus.NewDesc("dbackup_job_last_size_bytes",
		"Bytes stored by the job's last successful backup (per destination).", []string{"job"}, nil)
	failures = prometheus.NewDesc("dbackup_job_failures_total",
		"Backup runs of the job that ended FAILED.", []string{"job"}, nil)
	runs = prometheus.NewDesc("dbackup_executions",
		"Executions by kind and status (QUEUED and RUNNING are the queue depth).", []string{"kind", "status"}, nil)
	deliveries = prometheus.NewDesc("dbackup_notification_deliveries",
		"Notification deliveries by status (FAILED counts the notifications that could not be sent).", []string{"status"}, nil)
	scrapeOK = prometheus.NewDesc("dbackup_metrics_scrape_success",
		"1 when the last scrape could read the database.", nil, nil)
)

// Collector reads the figures from the database on every scrape.
type Collector struct {
	client *ent.Client
	log    *slog.Logger
}

// New returns a collector over client.
func New(client *ent.Client, log *slog.Logger) *Collector {
	if log == nil {
		log = slog.Default()
	}
	return &Collector{client: client, log: log}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{lastSuccess, lastDuration, lastSize, failures, runs, deliveries, scrapeOK} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(viewer.SystemContext(context.Background()), scrapeTimeout)
	defer cancel()
	ok := 1.0
	if err := c.collect(ctx, ch); err != nil {
		c.log.Warn("metrics scrape", "err", err)
		ok = 0
	}
	ch <- prometheus.MustNewConstMetric(scrapeOK, prometheus.GaugeValue, ok)
}

func (c *Collector) collect(ctx context.Context, ch chan<- prometheus.Metric) error {
	var counts []struct {
		Kind   string `json:"kind"`
		Status string `json:"status"`
		Count  int    `json:"count"`
	}
	if err := c.client.Execution.Query().GroupBy(entexec.FieldKind, entexec.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &counts); err != nil {
		return err
	}
	for _, r := range counts {
		ch <- prometheus.MustNewConstMetric(runs, prometheus.GaugeValue, float64(r.Count), r.Kind, r.Status)
	}
	var fails []struct {
		JobName string `json:"job_name"`
		Count   int    `json:"count"`
	}
	if err := c.client.Execution.Query().Where(entexec.KindEQ(entexec.KindBackup), entexec.StatusEQ(entexec.StatusFAILED), entexec.JobNameNEQ("")).
		GroupBy(entexec.FieldJobName).Aggregate(ent.Count()).Scan(ctx, &fails); err != nil {
		return err
	}
	for _, r := range fails {
		ch <- prometheus.MustNewConstMetric(failures, prometheus.CounterValue, float64(r.Count), r.JobName)
	}
	jobs, err := c.client.Job.Query().All(ctx)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		finished := c.client.Execution.Query().Where(entexec.KindEQ(entexec.KindBackup), entexec.FinishedAtNotNil(), entexec.JobNameEQ(j.Name))
		last, err := finished.Clone().Order(ent.Desc(entexec.FieldFinishedAt)).First(ctx)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		if last.StartedAt != nil {
			ch <- prometheus.MustNewConstMetric(lastDuration, prometheus.GaugeValue, last.FinishedAt.Sub(*last.StartedAt).Seconds(), j.Name, string(last.Status))
		}
		ok, err := finished.Clone().Where(entexec.StatusEQ(entexec.StatusSUCCESS)).Order(ent.Desc(entexec.FieldFinishedAt)).First(ctx)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(lastSuccess, prometheus.GaugeValue, float64(ok.FinishedAt.Unix()), j.Name)
		ch <- prometheus.MustNewConstMetric(lastSize, prometheus.GaugeValue, float64(ok.Size), j.Name)
	}
	var ds []struct {
		Status string `json:"status"`
		Count  int    `json:"count"`
	}
	if err := c.client.NotificationDelivery.Query().GroupBy(entdel.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &ds); err != nil {
		return err
	}
	for _, r := range ds {
		ch <- prometheus.MustNewConstMetric(deliveries, prometheus.GaugeValue, float64(r.Count), r.Status)
	}
	return nil
}
