package entvault

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
)

// ErrNoKeyring means a secret was written through a client built without ent.Keyring: it is
// refused rather than stored in clear.
var ErrNoKeyring = errors.New("entvault: no keyring on this ent client; secrets cannot be stored unsealed")

// ErrBulkSecret means an update of many rows tried to set a secret; each row's value is bound
// to its own ID, so secrets are set one row at a time.
var ErrBulkSecret = errors.New("entvault: secret fields can only be set on one row at a time (UpdateOne)")

// Sealable is what the generated mutations of a table with secrets provide.
type Sealable interface {
	ent.Mutation
	// ID returns the row ID; creates get it from the ID default before hooks run.
	ID() (pulid.ID, bool)
	// SecretTable returns the SQL table name.
	SecretTable() string
	// SecretFields returns the sealed columns.
	SecretFields() []string
	// SealKeyring returns the client's keyring, or nil.
	SealKeyring() *vault.Keyring
}

// Mixin adds the sealing hook to a schema with secret fields.
type Mixin struct{ mixin.Schema }

// Hooks of the mixin.
func (Mixin) Hooks() []ent.Hook { return []ent.Hook{Hook()} }

// Hook seals every secret field a mutation sets, before the write.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			s, ok := m.(Sealable)
			if !ok {
				return nil, fmt.Errorf("entvault: %s mutation has no generated secret methods; is ent/template/secrets.tmpl in entc.go?", m.Type())
			}
			if err := seal(s); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

func seal(m Sealable) error {
	for _, name := range m.SecretFields() {
		v, ok := m.Field(name)
		if !ok {
			continue
		}
		plain, _ := v.(string)
		if plain == "" {
			continue // empty means unset; nothing to protect
		}
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return ErrBulkSecret
		}
		kr := m.SealKeyring()
		if kr == nil {
			return ErrNoKeyring
		}
		id, ok := m.ID()
		if !ok || id == "" {
			return fmt.Errorf("entvault: seal %s.%s: the row has no ID yet", m.SecretTable(), name)
		}
		sealed, err := kr.Seal([]byte(plain), vault.Place{Table: m.SecretTable(), Column: name, RowID: string(id)})
		if err != nil {
			return fmt.Errorf("seal %s.%s: %w", m.SecretTable(), name, err)
		}
		if err := m.SetField(name, sealed); err != nil {
			return fmt.Errorf("seal %s.%s: %w", m.SecretTable(), name, err)
		}
	}
	return nil
}
