package systask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	entsetting "github.com/dbackup/dbackup/ent/setting"
	"github.com/dbackup/dbackup/internal/viewer"
)

// casAttempts bounds the retries of a change that keeps losing its compare-and-swap: other
// writers (another node's scheduler, a Run now) finish within a few rounds.
const casAttempts = 20

// errUnchanged tells change that the mutation decided to write nothing.
var errUnchanged = errors.New("unchanged")

// stored is a task's row as read: its settings and the exact value text to compare against.
type stored struct {
	Settings
	raw    string
	exists bool
}

// load reads the task's settings; a task never saved has the defaults.
func load(ctx context.Context, c *ent.Client, k Kind) (stored, error) {
	row, err := c.Setting.Query().Where(entsetting.Key(k.settingKey())).Only(viewer.SystemContext(ctx))
	switch {
	case ent.IsNotFound(err):
		return stored{Settings: defaults()}, nil
	case err != nil:
		return stored{}, fmt.Errorf("read %s settings: %w", k, err)
	}
	st := stored{Settings: defaults(), raw: row.Value, exists: true}
	if err := json.Unmarshal([]byte(row.Value), &st.Settings); err != nil {
		return stored{}, fmt.Errorf("read %s settings: %w", k, err)
	}
	return st, nil
}

// swap writes next in place of old, only when the row still holds old's exact value (or, for a
// task never saved, still does not exist). It reports whether it wrote.
func swap(ctx context.Context, c *ent.Client, k Kind, old stored, next Settings) (bool, error) {
	ctx = viewer.SystemContext(ctx)
	b, err := json.Marshal(next)
	if err != nil {
		return false, fmt.Errorf("encode %s settings: %w", k, err)
	}
	if !old.exists {
		err := c.Setting.Create().SetKey(k.settingKey()).SetValue(string(b)).Exec(ctx)
		if ent.IsConstraintError(err) {
			return false, nil // another writer created it first
		}
		if err != nil {
			return false, fmt.Errorf("store %s settings: %w", k, err)
		}
		return true, nil
	}
	n, err := c.Setting.Update().Where(entsetting.Key(k.settingKey()), entsetting.Value(old.raw)).
		SetValue(string(b)).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("store %s settings: %w", k, err)
	}
	return n == 1, nil
}

// change applies fn to the current settings and stores the result with a compare-and-swap,
// reading again and retrying when another writer came first. fn returning errUnchanged writes
// nothing; any other error is returned as it is.
func change(ctx context.Context, c *ent.Client, k Kind, fn func(*Settings) error) (Settings, error) {
	for range casAttempts {
		cur, err := load(ctx, c, k)
		if err != nil {
			return Settings{}, err
		}
		next := cur.Settings
		if err := fn(&next); errors.Is(err, errUnchanged) {
			return cur.Settings, nil
		} else if err != nil {
			return Settings{}, err
		}
		ok, err := swap(ctx, c, k, cur, next)
		if err != nil {
			return Settings{}, err
		}
		if ok {
			return next, nil
		}
	}
	return Settings{}, fmt.Errorf("store %s settings: too many concurrent changes", k)
}
