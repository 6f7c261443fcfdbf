package systask

import (
	"time"

	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Kind names a system task.
type Kind string

// The system tasks.
const (
	ConfigBackup Kind = "CONFIG_BACKUP"
	SystemBackup Kind = "SYSTEM_BACKUP"
)

// Kinds lists every task, in the order the scheduler looks at them.
var Kinds = []Kind{ConfigBackup, SystemBackup}

// Engines, formats and names of what the tasks store, as written into sidecars.
const (
	EngineConfig   = "dbackup-config"
	EngineSystem   = "dbackup-system"
	FormatConfig   = "dbackup-config-v1"
	FormatSQLite   = "sqlite-vacuum"
	FormatPostgres = "pg_dump-custom"
)

// Valid reports whether k is a known task.
func (k Kind) Valid() bool { return k == ConfigBackup || k == SystemBackup }

// settingKey is the Setting row of a task. The prefix keeps it out of config exports: the row
// names ids of this instance and carries run state.
func (k Kind) settingKey() string {
	if k == ConfigBackup {
		return configbackup.LocalSettingPrefix + "configBackup"
	}
	return configbackup.LocalSettingPrefix + "systemBackup"
}

// engine is the sidecar engine of the task's backups; keep-N only ever deletes these.
func (k Kind) engine() string {
	if k == ConfigBackup {
		return EngineConfig
	}
	return EngineSystem
}

// jobName is how the storage explorer names the task's backups.
func (k Kind) jobName() string {
	if k == ConfigBackup {
		return "Config Backup"
	}
	return "System Backup"
}

// folder is where the task's objects go on the destination.
func (k Kind) folder() string {
	if k == ConfigBackup {
		return "dbackup/config/"
	}
	return "dbackup/system/"
}

// Defaults of a task that was never saved.
const (
	DefaultSchedule = "0 3 * * *"
	DefaultTimezone = "UTC"
	DefaultKeepLast = 7
	// MaxKeepLast bounds keep-N: a thousand backups is years of daily runs.
	MaxKeepLast = 1000
)

// Settings are a task's configuration and state, stored as the JSON value of its Setting row.
type Settings struct {
	Enabled       bool       `json:"enabled"`
	Schedule      string     `json:"schedule"`
	Timezone      string     `json:"timezone"`
	DestinationID pulid.ID   `json:"destinationId,omitempty"`
	ProfileID     pulid.ID   `json:"profileId,omitempty"`
	KeepLast      int        `json:"keepLast"`
	NextRunAt     *time.Time `json:"nextRunAt,omitempty"`
	LastRun       *Run       `json:"lastRun,omitempty"`
}

// defaults are the settings of a task that was never saved: off, daily at 03:00 UTC.
func defaults() Settings {
	return Settings{Schedule: DefaultSchedule, Timezone: DefaultTimezone, KeepLast: DefaultKeepLast}
}

// Status is the state of a run.
type Status string

// The statuses of a run.
const (
	Running Status = "RUNNING"
	Success Status = "SUCCESS"
	Failed  Status = "FAILED"
)

// Run is one run of a task. Error never holds a secret: it is built from errors that name
// items and causes, never values.
type Run struct {
	Status     Status     `json:"status"`
	StartedAt  time.Time  `json:"startedAt"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
	Error      string     `json:"error,omitempty"`
	ObjectKey  string     `json:"objectKey,omitempty"`
	Size       int64      `json:"size,omitempty"`
	Scheduled  bool       `json:"scheduled"`
}
