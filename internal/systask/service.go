package systask

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dbackup/dbackup/ent"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entprofile "github.com/dbackup/dbackup/ent/encryptionprofile"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/system"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ActionUpdate is the audit action of a change of a task's settings.
const ActionUpdate = "systemTask.update"

// ErrUnknownTask is a task name that is not CONFIG_BACKUP or SYSTEM_BACKUP.
var ErrUnknownTask = errors.New("unknown system task")

// FieldError is an input that breaks a rule; Field names it as the API spells it.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

// Queue queues a claimed scheduled run; internal/queue implements it on River.
type Queue interface {
	EnqueueSystemTask(ctx context.Context, task string, at time.Time) error
}

// Config is what the tasks need to know about this instance.
type Config struct {
	// DataDir is DATA_DIR, where a SQLite snapshot is written before it is stored.
	DataDir string
	// Dialect is the control plane's database; DB is its pool (SQLite's VACUUM INTO runs on it).
	Dialect system.Dialect
	DB      *sql.DB
	// DatabaseURL is DATABASE_URL, read for pg_dump on PostgreSQL; it may hold a password and is
	// never logged or put on a command line.
	DatabaseURL string
	// Version is DBackup's version, written into Config Backups.
	Version string
	Log     *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Service reads, changes, schedules and runs the system tasks.
type Service struct {
	client  *ent.Client
	catalog *catalog.Service
	inv     *inventory.Service
	queue   Queue
	cfg     Config
	// running serializes the runs of one task on this node, so that a Run now and a scheduled
	// run never write the same snapshot file or race in keep-N.
	running map[Kind]*sync.Mutex
}

// New returns the service. SetQueue must be called before Tick.
func New(client *ent.Client, cat *catalog.Service, inv *inventory.Service, cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	running := map[Kind]*sync.Mutex{}
	for _, k := range Kinds {
		running[k] = &sync.Mutex{}
	}
	return &Service{client: client, catalog: cat, inv: inv, cfg: cfg, running: running}
}

// SetQueue sets the queue scheduled runs go to; the queue is built after the service because
// its worker calls the service.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// Get returns a task's settings and last run. Needs settings:read.
func (s *Service) Get(ctx context.Context, k Kind) (Settings, error) {
	if err := authz.Require(ctx, perm.SettingsRead); err != nil {
		return Settings{}, err
	}
	if !k.Valid() {
		return Settings{}, fmt.Errorf("%w %q", ErrUnknownTask, k)
	}
	st, err := load(ctx, s.client, k)
	return st.Settings, err
}

// Input is a task's configuration as a person sets it.
type Input struct {
	Enabled       bool
	Schedule      string
	Timezone      string
	DestinationID pulid.ID
	ProfileID     pulid.ID
	KeepLast      int
}

// Update validates and stores a task's configuration, computing its next instant, and audits
// the change. Its last run is kept. Needs settings:write.
func (s *Service) Update(ctx context.Context, k Kind, in Input) (Settings, error) {
	if err := authz.Require(ctx, perm.SettingsWrite); err != nil {
		return Settings{}, err
	}
	if !k.Valid() {
		return Settings{}, fmt.Errorf("%w %q", ErrUnknownTask, k)
	}
	sched, err := s.validate(ctx, in)
	if err != nil {
		return Settings{}, err
	}
	next, err := change(ctx, s.client, k, func(st *Settings) error {
		st.Enabled, st.Schedule, st.Timezone, st.KeepLast = in.Enabled, in.Schedule, in.Timezone, in.KeepLast
		st.DestinationID, st.ProfileID = in.DestinationID, in.ProfileID
		st.NextRunAt = nil
		if in.Enabled {
			at := sched.Next(s.cfg.Now())
			st.NextRunAt = &at
		}
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	err = audit.Write(viewer.Privileged(ctx), s.client, s.cfg.Now(), audit.Entry{Action: ActionUpdate, EntityType: "SystemTask",
		EntityID: string(k), Details: map[string]any{"enabled": in.Enabled, "schedule": in.Schedule, "timezone": in.Timezone,
			"destinationId": string(in.DestinationID), "profileId": string(in.ProfileID), "keepLast": in.KeepLast}})
	return next, err
}

// validate checks an input field by field; the first broken rule is a *FieldError.
func (s *Service) validate(ctx context.Context, in Input) (schedule.Schedule, error) {
	sched, err := schedule.Parse(in.Schedule, in.Timezone)
	var se *schedule.Error
	if errors.As(err, &se) {
		return schedule.Schedule{}, &FieldError{Field: se.Field, Msg: se.Msg}
	} else if err != nil {
		return schedule.Schedule{}, &FieldError{Field: "schedule", Msg: err.Error()}
	}
	if in.Timezone == "" {
		return schedule.Schedule{}, &FieldError{Field: "timezone", Msg: "give an IANA time zone, such as Europe/Berlin or UTC"}
	}
	if in.KeepLast < 1 || in.KeepLast > MaxKeepLast {
		return schedule.Schedule{}, &FieldError{Field: "keepLast", Msg: fmt.Sprintf("keep 1 to %d backups", MaxKeepLast)}
	}
	sys := viewer.SystemContext(ctx)
	switch {
	case in.DestinationID == "" && in.Enabled:
		return schedule.Schedule{}, &FieldError{Field: "destinationId", Msg: "choose the destination the backups go to"}
	case in.DestinationID != "" && !exists(s.client.Destination.Query().Where(entdest.ID(in.DestinationID)).Exist(sys)):
		return schedule.Schedule{}, &FieldError{Field: "destinationId", Msg: "no destination has this id"}
	case in.ProfileID == "" && in.Enabled:
		return schedule.Schedule{}, &FieldError{Field: "encryptionProfileId", Msg: "choose an Encryption Profile: these backups hold credentials"}
	case in.ProfileID != "" && !exists(s.client.EncryptionProfile.Query().Where(entprofile.ID(in.ProfileID)).Exist(sys)):
		return schedule.Schedule{}, &FieldError{Field: "encryptionProfileId", Msg: "no Encryption Profile has this id"}
	}
	return sched, nil
}

// exists is an Exist result, a failed query counting as absent: the field is then refused and
// the person can retry, rather than a task pointing nowhere being saved.
func exists(ok bool, err error) bool { return err == nil && ok }
