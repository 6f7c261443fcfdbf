package graph

import (
	"context"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// secretStates reports the state of each secret column of one row, in schema order; values
// never leave this function.
func (r *Resolver) secretStates(table string, id pulid.ID, sealed map[string]string) []model.SecretStatus {
	cols := ent.SecretColumns[table]
	out := make([]model.SecretStatus, 0, len(cols))
	for _, col := range cols {
		out = append(out, model.SecretStatus{Field: col, State: entvault.StateOf(r.Keys.Keyring(), table, col, id, sealed[col])})
	}
	return out
}

// actorName names who is acting, for audit entries.
func actorName(ctx context.Context) string { return viewer.FromContext(ctx).ActorName() }
