package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/dbackup/dbackup/graph"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/throttle"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/notification"
	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/prune"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/queue"
	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/scheduler"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/systask"
	"github.com/dbackup/dbackup/internal/system"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Server timings.
const (
	// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
	shutdownGrace = 20 * time.Second
	// readHeaderTimeout protects against clients that open connections and send nothing.
	readHeaderTimeout = 10 * time.Second
	// statusInterval is how often the systemStatus subscription sends a fresh status.
	statusInterval = 10 * time.Second
	// sessionPurgeInterval is how often expired and idle sessions are deleted; Authenticate
	// refuses them anyway, so this only keeps the table small.
	sessionPurgeInterval = time.Hour
	// recoverInterval is how often, at most, runs of dead nodes are looked for.
	recoverInterval = time.Minute
)

// Options are the parts of a server that are not configuration.
type Options struct {
	Version string
	// Dist is the built SPA.
	Dist fs.FS
	Log  *slog.Logger
	// Ready, if set, is called with the bound address once the server accepts requests.
	Ready func(addr net.Addr)
}

// Run starts the server and blocks until ctx ends, then shuts down gracefully. Start-up errors
// caused by a setting are *ConfigError.
func Run(ctx context.Context, cfg Config, opts Options) error {
	log := opts.Log
	dbc, err := cfg.Validate()
	if err != nil {
		return err
	}
	if err := prepareDataDir(cfg.DataDir); err != nil {
		return err
	}
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	keys, err := syskey.LoadKeys(getenv, cfg.DataDir)
	if err != nil {
		return err // one line naming the variable, from vault
	}
	for _, w := range keys.Warnings {
		log.Warn(w)
	}
	var ln net.Listener
	if !cfg.Worker {
		if ln, err = listen(cfg.Listen); err != nil {
			return err
		}
		defer ln.Close()
	}
	if cfg.ScheduleMinInterval > 0 {
		schedule.MinEvery = cfg.ScheduleMinInterval
	}

	if err := database.Migrate(ctx, dbc, 0); err != nil {
		return &ConfigError{Var: "DATABASE_URL", Err: err}
	}
	db, err := database.Open(ctx, dbc)
	if err != nil {
		return &ConfigError{Var: "DATABASE_URL", Err: err}
	}
	defer db.Close()
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), keys, syskey.Options{DataDir: cfg.DataDir, Strict: cfg.KeyStrict, Log: log})
	if err != nil {
		return keyError(err)
	}
	log.Info("encryption key loaded", "key_id", sk.Keyring().PrimaryID(), "source", sk.KeySource())

	accounts, th, err := newAccounts(ctx, sk, account.Options{SessionLifetime: cfg.SessionLifetime, IdleTimeout: cfg.SessionIdleTimeout})
	if err != nil {
		return err
	}

	sys := system.New(opts.Version, time.Now(), dbc.Dialect, db)
	cat := catalog.New(sk.Client(), sk.Keyring())
	notifs := notification.New(sk.Client(), cat, cfg.BaseURL, log)
	execs := execution.New(sk.Client(), cat, execution.Config{Node: cfg.Node, Logger: log, StaleAfter: cfg.StaleAfter,
		PerSource: cmp.Or(cfg.SourceConcurrency, DefaultSourceConcurrency),
		OnFinish:  notifs.ExecutionFinished})
	inv := inventory.New(sk.Client(), cat, log)
	prn := prune.New(sk.Client(), inv, log)
	retain := func(ctx context.Context, jobID, destID pulid.ID) error {
		_, err := prn.Apply(ctx, jobID, destID)
		return err
	}
	tasks := systask.New(sk.Client(), cat, inv, systask.Config{DataDir: cfg.DataDir, Dialect: dbc.Dialect, DB: db.DB,
		DatabaseURL: cfg.databaseURL(), Version: opts.Version, Log: log})
	q, err := queue.Open(ctx, dbc, queue.Config{Workers: cfg.Workers, Logger: log, Retention: retain,
		Notify: notifs.Deliver, Permanent: func(err error) bool { return errors.Is(err, notification.ErrPermanent) },
		SystemTask: tasks.Handle}, execs.Handle)
	if err != nil {
		return &ConfigError{Var: "DATABASE_URL", Err: err}
	}
	execs.SetQueue(q)
	notifs.SetQueue(q)
	tasks.SetQueue(q)
	if n, err := execs.RecoverInterrupted(ctx, true); err != nil {
		_ = q.Stop(ctx)
		return err
	} else if n > 0 {
		log.Warn("failed runs interrupted by the last stop", "count", n)
	}
	res := &graph.Resolver{Client: sk.Client(), Accounts: accounts, Catalog: cat, Executions: execs,
		Inventory: inv, Prune: prn, Notifications: notifs, Links: downloadlink.New(sk.Client()), BaseURL: cfg.BaseURL, SSOAutoRedirect: cfg.SSOAutoRedirect, System: sys, Keys: sk,
		StatusInterval: statusInterval, SystemTasks: tasks}

	// Long-lived requests (subscriptions) derive from baseCtx, so shutdown ends them too.
	baseCtx, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	srv := &http.Server{
		ReadHeaderTimeout: readHeaderTimeout,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if !cfg.Worker {
		auth := newAuthn(accounts, th, cfg.BaseURL, log)
		auth.onThrottled = loginAlarm(notifs)
		srv.Handler = routes(res, auth, opts.Dist, cfg, log)
	}
	sk.StartRotation(baseCtx)
	if err := q.Start(baseCtx); err != nil {
		return err
	}
	go execs.RecoverLoop(baseCtx, recoverEvery(cfg.StaleAfter))
	if st, err := sk.Status(ctx); err == nil && st.State == syskey.StateMismatch {
		// Only channels without secrets can carry this: the others are sealed under the lost key.
		notifs.SystemEvent(baseCtx, notify.Event{Type: notify.EventKeyMismatch, Severity: notify.SeverityError,
			Title: "DBackup started with the wrong ENCRYPTION_KEY", Message: st.Message,
			Fields: []notify.KV{{Key: "Node", Value: cfg.Node}}})
	}
	// The schedule loops are waited for at shutdown, so that nothing reads the configuration of
	// a stopped server (tests change schedule.MinEvery between servers).
	var loops sync.WaitGroup
	loops.Go(func() {
		scheduler.New(sk.Client(), scheduledRuns{execs}, scheduler.Config{Interval: cfg.SchedulerInterval, Logger: log,
			OnMissed: func(ctx context.Context, m scheduler.Missed) { notifs.SystemEvent(ctx, missedEvent(m)) }}).Run(baseCtx)
	})
	loops.Go(func() { tasks.Loop(baseCtx, cmp.Or(cfg.SchedulerInterval, scheduler.DefaultInterval)) })
	go housekeeping(baseCtx, sessionPurgeInterval, log,
		purgeTask{"expired sessions", accounts.PurgeExpiredSessions},
		purgeTask{"audit entries past their retention", accounts.PurgeAudit},
		purgeTask{"expired download links", res.Links.Purge})
	errc := make(chan error, 1)
	if cfg.Worker {
		log.Info("dbackup worker is working", "version", opts.Version, "node", cfg.Node, "database", dbc.Dialect)
		if opts.Ready != nil {
			opts.Ready(nil)
		}
	} else {
		go func() { errc <- srv.Serve(ln) }()
		log.Info("dbackup is serving", "version", opts.Version, "addr", ln.Addr().String(), "database", dbc.Dialect, "data_dir", cfg.DataDir)
		if opts.Ready != nil {
			opts.Ready(ln.Addr())
		}
	}

	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace)
	cancelBase()
	defer loops.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	// Running backups stop; their executions record that the server shut down.
	if err := q.Stop(sctx); err != nil {
		log.Warn("stop job queue", "err", err)
	}
	log.Info("stopped")
	return nil
}

// newAccounts builds the account service over the key service's client, with the default
// sign-in throttle, and makes sure the Admins group holds every permission of this version.
func newAccounts(ctx context.Context, sk *syskey.Service, opts account.Options) (*account.Service, *throttle.Throttle, error) {
	th, err := throttle.New(throttle.Config{})
	if err != nil {
		return nil, nil, fmt.Errorf("sign-in throttle: %w", err)
	}
	opts.Throttle = th
	accounts, err := account.New(sk.Client(), sk.Keyring(), opts)
	if err != nil {
		return nil, nil, err
	}
	if err := accounts.EnsureAdminsGroup(viewer.SystemContext(ctx)); err != nil {
		return nil, nil, fmt.Errorf("ensure Admins group: %w", err)
	}
	return accounts, th, nil
}

// purgeTask deletes what has outlived its use and says how many rows went.
type purgeTask struct {
	what string
	run  func(context.Context) (int, error)
}

// housekeeping runs the purge tasks every interval until ctx ends, as the system.
func housekeeping(ctx context.Context, interval time.Duration, log *slog.Logger, tasks ...purgeTask) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			for _, t := range tasks {
				n, err := t.run(viewer.SystemContext(ctx))
				switch {
				case err != nil && ctx.Err() == nil:
					log.Warn("purge "+t.what, "err", err)
				case n > 0:
					log.Info("purged "+t.what, "count", n)
				}
			}
		}
	}
}

// keyError names ENCRYPTION_KEY in start-up refusals of the key service.
func keyError(err error) error {
	var missing *syskey.MissingKeyError
	if errors.As(err, &missing) || errors.Is(err, syskey.ErrStrictMismatch) {
		return &ConfigError{Var: "ENCRYPTION_KEY", Err: err}
	}
	return err
}

// listen binds addr, turning the usual failures into a line that names LISTEN and the fix.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		err = errors.New("address already in use; stop the other process on that port or set LISTEN to a free one, such as :3001")
	case errors.Is(err, syscall.EACCES):
		err = errors.New("permission denied; ports below 1024 need privileges, set LISTEN to a port such as :3000")
	default:
		err = fmt.Errorf("%v; set LISTEN to an address of this machine, such as :3000", err)
	}
	return nil, &ConfigError{Var: "LISTEN", Value: addr, Err: err}
}

// scheduledRuns queues the scheduler's runs as executions.
type scheduledRuns struct{ execs *execution.Service }

func (r scheduledRuns) RunScheduled(ctx context.Context, jobID pulid.ID, at time.Time) error {
	_, err := r.execs.RunScheduled(ctx, jobID, at)
	if errors.Is(err, execution.ErrAlreadyScheduled) {
		return scheduler.ErrAlreadyScheduled
	}
	return err
}

// missedEvent describes a scheduled run that no node ran on time.
func missedEvent(m scheduler.Missed) notify.Event {
	what := "it was skipped (catch-up: skip)"
	if m.Ran {
		what = "it runs now, once (catch-up: run once)"
	}
	return notify.Event{Type: notify.EventScheduleMissed, Severity: notify.SeverityWarning,
		Title:   fmt.Sprintf("Scheduled backup of %s was missed", m.JobName),
		Message: fmt.Sprintf("The run of job %q scheduled for %s did not start on time, because no DBackup node was running; %s.", m.JobName, m.At.UTC().Format(time.RFC3339), what),
		Fields:  []notify.KV{{Key: "Job", Value: m.JobName}, {Key: "Scheduled for", Value: m.At.UTC().Format(time.RFC3339)}}}
}

// recoverEvery is how often this node looks for runs of dead nodes: a quarter of the stale
// bound, so that a dead node's run is failed within about 1.25 × STALE_AFTER.
func recoverEvery(staleAfter time.Duration) time.Duration {
	if staleAfter <= 0 {
		staleAfter = execution.DefaultStaleAfter
	}
	return min(recoverInterval, max(time.Second, staleAfter/4))
}

// loginAlarmEvery is how often, at most, one address's refused sign-ins are reported.
const loginAlarmEvery = 15 * time.Minute

// loginAlarm reports addresses whose sign-ins are throttled for repeated failures, at most once
// per address every loginAlarmEvery.
func loginAlarm(notifs *notification.Service) func(context.Context, string, string) {
	var mu sync.Mutex
	last := map[string]time.Time{}
	return func(ctx context.Context, ip, username string) {
		now := time.Now()
		mu.Lock()
		if now.Sub(last[ip]) < loginAlarmEvery {
			mu.Unlock()
			return
		}
		last[ip] = now
		for k, t := range last {
			if now.Sub(t) >= loginAlarmEvery {
				delete(last, k)
			}
		}
		mu.Unlock()
		notifs.SystemEvent(context.WithoutCancel(ctx), notify.Event{Type: notify.EventLoginFailures, Severity: notify.SeverityWarning,
			Title:   "Repeated failed sign-ins",
			Message: fmt.Sprintf("Sign-ins from %s are refused for a while after repeated failures (last tried user name: %q).", ip, username),
			Fields:  []notify.KV{{Key: "Address", Value: ip}, {Key: "User name", Value: username}}})
	}
}
