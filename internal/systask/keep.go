package systask

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	entbackup "github.com/dbackup/dbackup/ent/backup"
	entdest "github.com/dbackup/dbackup/ent/destination"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/viewer"
)

// keepLast deletes the task's backups on the destination beyond the newest n. Only objects in
// the task's folder whose sidecar names the task's engine are considered, so backups of jobs,
// of the other task and files put there by hand are never touched; locked backups are kept and
// do not count. Each goes sidecar first, so that it stops being a backup at once.
func (s *Service) keepLast(ctx context.Context, k Kind, st storage.Storage, destID pulid.ID, n int) error {
	var names []string
	err := st.List(ctx, k.folder(), func(o storage.Object) error {
		if sidecar.IsName(o.Key) {
			names = append(names, o.Key)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list %s: %w", k.folder(), err)
	}
	var mine []sidecar.Sidecar
	for _, name := range names {
		sc, err := sidecar.Read(ctx, st, name)
		if err != nil || sc.Engine != k.engine() || sc.Object != sidecar.ObjectOf(name) {
			continue // not ours, or unreadable: never deleted on a guess
		}
		mine = append(mine, sc)
	}
	slices.SortFunc(mine, func(a, b sidecar.Sidecar) int {
		return cmp.Or(b.FinishedAt.Compare(a.FinishedAt), cmp.Compare(b.Object, a.Object))
	})
	sys := viewer.SystemContext(ctx)
	locked := map[string]bool{}
	rows, err := s.client.Backup.Query().Where(entbackup.HasDestinationWith(entdest.ID(destID)), entbackup.Locked(true)).All(sys)
	if err != nil {
		return fmt.Errorf("load locked backups: %w", err)
	}
	for _, b := range rows {
		locked[b.ObjectKey] = true
	}
	kept := 0
	var errs []error
	for _, sc := range mine {
		if locked[sc.Object] {
			continue
		}
		if kept < n {
			kept++
			continue
		}
		if err := s.remove(sys, st, destID, sc.Object); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// remove deletes one backup of a task: sidecar, object, record.
func (s *Service) remove(ctx context.Context, st storage.Storage, destID pulid.ID, object string) error {
	if err := st.Delete(ctx, sidecar.Name(object)); err != nil {
		return fmt.Errorf("delete sidecar of %s: %w", object, err)
	}
	if err := st.Delete(ctx, object); err != nil {
		return fmt.Errorf("delete %s: %w", object, err)
	}
	_, err := s.client.Backup.Delete().Where(entbackup.ObjectKey(object), entbackup.HasDestinationWith(entdest.ID(destID))).Exec(ctx)
	if err != nil {
		return fmt.Errorf("forget backup %s: %w", object, err)
	}
	s.cfg.Log.Info("system task backup deleted (keep-N)", "object", object)
	return nil
}
