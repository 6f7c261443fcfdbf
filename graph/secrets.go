package graph

import (
	"context"
	"slices"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// secretStates reports the state of each secret column of one row, in schema order; values
// never leave this function.
func (r *Resolver) secretStates(table string, id pulid.ID, sealed map[string]string) []model.SecretStatus {
	return r.secretStatesOf(table, id, sealed, nil)
}

// secretStatesOf is secretStates limited to the columns in fields (the secrets the item's
// engine or kind has a form field for) and to any other column that holds a value, so that
// a stored secret is never hidden; nil fields means every column.
func (r *Resolver) secretStatesOf(table string, id pulid.ID, sealed map[string]string, fields []string) []model.SecretStatus {
	cols := ent.SecretColumns[table]
	out := make([]model.SecretStatus, 0, len(cols))
	for _, col := range cols {
		if fields != nil && !slices.Contains(fields, col) && sealed[col] == "" {
			continue
		}
		out = append(out, model.SecretStatus{Field: col, State: entvault.StateOf(r.Keys.Keyring(), table, col, id, sealed[col])})
	}
	return out
}

// actorName names who is acting, for audit entries.
func actorName(ctx context.Context) string { return viewer.FromContext(ctx).ActorName() }
