// Package notification decides who hears about what and delivers it: job results to the
// channels a job names for success, partial and failure; system events (and restore results)
// to the channels subscribed to them. Every message to every channel is a NotificationDelivery
// row, sent by a queued job that retries temporary failures with backoff and records the last
// error; a permanent refusal (a wrong token, a rejected payload) fails at once.
package notification

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	entjob "github.com/dbackup/dbackup/ent/job"
	entchan "github.com/dbackup/dbackup/ent/notificationchannel"
	entdel "github.com/dbackup/dbackup/ent/notificationdelivery"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Queue queues the sending of a delivery.
type Queue interface {
	EnqueueNotification(ctx context.Context, deliveryID pulid.ID) error
}

// ErrPermanent wraps a failure that retrying cannot fix; the queue gives up at once.
var ErrPermanent = errors.New("permanent failure")

// Service dispatches and delivers notifications.
type Service struct {
	client  *ent.Client
	cat     *catalog.Service
	queue   Queue
	sender  *notify.Sender
	baseURL string
	now     func() time.Time
	log     *slog.Logger
}

// New returns the service; SetQueue must be called before Dispatch.
func New(client *ent.Client, cat *catalog.Service, baseURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{client: client, cat: cat, sender: &notify.Sender{}, baseURL: strings.TrimSuffix(baseURL, "/"), now: time.Now, log: log}
}

// SetQueue sets the queue deliveries are sent through.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// Dispatch records a delivery of ev to each enabled channel and queues it.
func (s *Service) Dispatch(ctx context.Context, ev notify.Event, channels []*ent.NotificationChannel, exeID *pulid.ID) error {
	ctx = viewer.SystemContext(ctx)
	if ev.Time.IsZero() {
		ev.Time = s.now()
	}
	var errs []error
	for _, c := range channels {
		if !c.Enabled {
			continue
		}
		d, err := s.client.NotificationDelivery.Create().SetChannel(c).SetCreatedAt(s.now()).
			SetEventType(ev.Type).SetTitle(ev.Title).SetEvent(ev).SetNillableExecutionID(exeID).Save(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("record delivery to %q: %w", c.Name, err))
			continue
		}
		if err := s.queue.EnqueueNotification(ctx, d.ID); err != nil {
			errs = append(errs, fmt.Errorf("queue delivery to %q: %w", c.Name, err))
		}
	}
	return errors.Join(errs...)
}

// Deliver sends one pending delivery and records the attempt. last is true on the queue's final
// attempt, when a temporary failure is recorded as FAILED too; a permanent failure (FAILED at
// once) wraps ErrPermanent so that the queue does not retry it.
func (s *Service) Deliver(ctx context.Context, id pulid.ID, last bool) error {
	ctx = viewer.SystemContext(ctx)
	d, err := s.client.NotificationDelivery.Query().Where(entdel.ID(id)).WithChannel().Only(ctx)
	if ent.IsNotFound(err) {
		return fmt.Errorf("delivery %s is gone (its channel was deleted): %w", id, ErrPermanent)
	}
	if err != nil {
		return fmt.Errorf("load delivery %s: %w", id, err)
	}
	if d.Status != entdel.StatusPENDING {
		return nil
	}
	err = s.send(ctx, d.Edges.Channel.ID, d.Event)
	u := s.client.NotificationDelivery.UpdateOne(d).AddAttempts(1)
	switch {
	case err == nil:
		u.SetStatus(entdel.StatusSENT).SetSentAt(s.now()).SetError("")
	case errors.Is(err, ErrPermanent) || last:
		u.SetStatus(entdel.StatusFAILED).SetError(err.Error())
	default:
		u.SetError(err.Error())
	}
	if _, uerr := u.Save(ctx); uerr != nil {
		return errors.Join(err, fmt.Errorf("record delivery: %w", uerr))
	}
	if err != nil {
		s.log.Warn("notification not delivered", "channel", d.Edges.Channel.Name, "event", d.EventType, "err", err)
	}
	return err
}

// send opens the channel and sends ev; temporary failures are returned as they are, everything
// else wraps ErrPermanent.
func (s *Service) send(ctx context.Context, channelID pulid.ID, ev notify.Event) error {
	_, ch, err := s.cat.OpenChannel(ctx, channelID)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	if err := s.sender.Send(ctx, ch, ev); err != nil {
		if notify.IsTemporary(err) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	return nil
}

// SendTest sends a test message to a channel now, records it, and returns the delivery.
// Needs notifications:write.
func (s *Service) SendTest(ctx context.Context, channelID pulid.ID) (*ent.NotificationDelivery, error) {
	if err := authz.Require(ctx, perm.NotificationsWrite); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	c, err := s.client.NotificationChannel.Get(sys, channelID)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("notification channel %s: %w", channelID, catalog.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	ev := notify.Event{Type: notify.EventTest, Severity: notify.SeverityInfo, Title: "Test message from DBackup",
		Message: fmt.Sprintf("This is a test of the notification channel %q, sent by %s.", c.Name, viewer.FromContext(ctx).ActorName()),
		URL:     s.baseURL, Time: s.now()}
	d, err := s.client.NotificationDelivery.Create().SetChannel(c).SetCreatedAt(s.now()).
		SetEventType(ev.Type).SetTitle(ev.Title).SetEvent(ev).Save(sys)
	if err != nil {
		return nil, err
	}
	if err := s.Deliver(ctx, d.ID, true); err != nil {
		s.log.Info("test notification failed", "channel", c.Name, "err", err)
	}
	return s.client.NotificationDelivery.Get(sys, d.ID)
}

// ExecutionFinished notifies about a finished run: a backup to the channels its job names for
// its status; a restore to the channels subscribed to restore results.
func (s *Service) ExecutionFinished(ctx context.Context, exe *ent.Execution) {
	ctx = viewer.SystemContext(ctx)
	ev := s.executionEvent(exe)
	var channels []*ent.NotificationChannel
	var err error
	switch {
	case exe.Kind == entexec.KindRestore:
		channels, err = s.subscribed(ctx, ev.Type)
	default:
		jobID, jerr := exe.QueryJob().OnlyID(ctx)
		if jerr != nil {
			return // a run whose job was deleted has nobody to tell
		}
		q := s.client.Job.Query().Where(entjob.ID(jobID))
		switch exe.Status {
		case entexec.StatusSUCCESS:
			channels, err = q.QueryNotifySuccess().All(ctx)
		case entexec.StatusPARTIAL:
			channels, err = q.QueryNotifyPartial().All(ctx)
		case entexec.StatusFAILED:
			channels, err = q.QueryNotifyFailure().All(ctx)
		}
	}
	if err == nil && len(channels) > 0 {
		err = s.Dispatch(ctx, ev, channels, &exe.ID)
	}
	if err != nil {
		s.log.Warn("notify about a run", "execution", exe.ID, "err", err)
	}
	// A destination that failed while others took the backup (PARTIAL), or all of them
	// (DESTINATIONS_FAILED), is news of its own; a source that failed is not the destinations'.
	if exe.Kind == entexec.KindBackup && (exe.Status == entexec.StatusPARTIAL || exe.ErrorCode == execution.CodeDestinations) {
		for _, t := range exe.Targets {
			if t.Status == runinfo.TargetFailed {
				s.SystemEvent(ctx, notify.Event{Type: notify.EventDestinationFailing, Severity: notify.SeverityError,
					Title:   fmt.Sprintf("Destination %s did not take a backup", t.Name),
					Message: fmt.Sprintf("The backup of %s could not be stored on %s: %s", exe.JobName, t.Name, t.Error),
					URL:     ev.URL, Fields: []notify.KV{{Key: "Destination", Value: t.Name}, {Key: "Job", Value: exe.JobName}}})
			}
		}
	}
}

// SystemEvent sends ev to every channel subscribed to its type.
func (s *Service) SystemEvent(ctx context.Context, ev notify.Event) {
	ctx = viewer.SystemContext(ctx)
	channels, err := s.subscribed(ctx, ev.Type)
	if err == nil && len(channels) > 0 {
		err = s.Dispatch(ctx, ev, channels, nil)
	}
	if err != nil {
		s.log.Warn("notify a system event", "event", ev.Type, "err", err)
	}
}

// subscribed lists the enabled channels subscribed to a system event type.
func (s *Service) subscribed(ctx context.Context, eventType string) ([]*ent.NotificationChannel, error) {
	all, err := s.client.NotificationChannel.Query().Where(entchan.Enabled(true)).All(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(c *ent.NotificationChannel) bool { return !slices.Contains(c.SystemEvents, eventType) }), nil
}

// executionEvent renders a finished run.
func (s *Service) executionEvent(exe *ent.Execution) notify.Event {
	kind := "backup"
	what := fmt.Sprintf("Backup of %s", exe.JobName)
	if exe.Kind == entexec.KindRestore {
		kind, what = "restore", "Restore"
		if len(exe.Databases) > 0 {
			what = "Restore of " + strings.Join(exe.Databases, ", ")
		}
	}
	ev := notify.Event{Time: s.now(), URL: s.link("/executions/" + string(exe.ID))}
	switch exe.Status {
	case entexec.StatusSUCCESS:
		ev.Type, ev.Severity, ev.Title = kind+".success", notify.SeverityInfo, what+" succeeded"
	case entexec.StatusPARTIAL:
		ev.Type, ev.Severity, ev.Title = kind+".partial", notify.SeverityWarning, what+" reached only some destinations"
	default:
		ev.Type, ev.Severity, ev.Title = kind+".failure", notify.SeverityError, what+" failed"
	}
	ev.Message = ev.Title + "."
	if exe.Error != "" {
		ev.Message = exe.Error
	}
	add := func(k, v string) {
		if v != "" {
			ev.Fields = append(ev.Fields, notify.KV{Key: k, Value: v})
		}
	}
	add("Job", exe.JobName)
	add("Status", string(exe.Status))
	add("Databases", strings.Join(exe.Databases, ", "))
	if exe.Size > 0 {
		add("Size", fmt.Sprintf("%d bytes", exe.Size))
	}
	if exe.StartedAt != nil && exe.FinishedAt != nil {
		add("Duration", exe.FinishedAt.Sub(*exe.StartedAt).Round(time.Second).String())
	}
	for _, t := range exe.Targets {
		v := string(t.Status)
		if t.Error != "" {
			v += ": " + t.Error
		}
		add("Destination "+t.Name, v)
	}
	add("Error code", exe.ErrorCode)
	return ev
}

// link is a URL into the web interface, or "" without BASE_URL.
func (s *Service) link(path string) string {
	if s.baseURL == "" {
		return ""
	}
	return s.baseURL + path
}
