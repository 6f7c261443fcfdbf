package system

import (
	"context"
	"time"
)

// pingTimeout bounds how long a status check waits for the database, so that /healthz answers
// quickly (503) when the database hangs instead of piling up requests.
const pingTimeout = 2 * time.Second

// Service answers status questions about this instance.
type Service struct {
	version   string
	startedAt time.Time
	dialect   Dialect
	db        Database
}

// New returns a Service for a process that started at startedAt.
func New(version string, startedAt time.Time, dialect Dialect, db Database) *Service {
	return &Service{version: version, startedAt: startedAt.UTC(), dialect: dialect, db: db}
}

// Status checks the database and returns the current status. It never fails: an unreachable
// database is reported in the status itself.
func (s *Service) Status(ctx context.Context) Status {
	st := Status{
		Version:   s.version,
		StartedAt: s.startedAt,
		Database:  DatabaseStatus{Dialect: s.dialect},
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		st.Database.Error = err.Error()
		return st
	}
	v, err := s.db.SchemaVersion(ctx)
	if err != nil {
		st.Database.Error = err.Error()
		return st
	}
	st.Database.Reachable = true
	st.Database.SchemaVersion = v
	return st
}

// Watch sends the status at once and then every interval until ctx ends; the channel is closed then.
func (s *Service) Watch(ctx context.Context, interval time.Duration) <-chan *Status {
	ch := make(chan *Status, 1)
	go func() {
		defer close(ch)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			st := s.Status(ctx)
			select {
			case ch <- &st:
			case <-ctx.Done():
				return
			}
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}
