package entvault

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
)

// State is what the API shows of a secret instead of its value.
type State string

// The states of a secret.
const (
	StateSet           State = "SET"
	StateUnset         State = "UNSET"
	StateUndecryptable State = "UNDECRYPTABLE"
)

// MarshalGQL writes the state as a GraphQL enum value.
func (s State) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a GraphQL enum value.
func (s *State) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	switch State(str) {
	case StateSet, StateUnset, StateUndecryptable:
		*s = State(str)
		return nil
	}
	return fmt.Errorf("SecretState %v: want SET, UNSET or UNDECRYPTABLE", v)
}

// Open returns the plaintext of the sealed value stored in table.column of row id. An empty
// value returns vault.ErrEmpty; the other errors are vault's (ErrKeyMismatch, ErrTampered,
// ErrMalformed), wrapped with the place.
func Open(kr *vault.Keyring, table, column string, id pulid.ID, sealed string) (vault.Secret, error) {
	if sealed == "" {
		return vault.Secret{}, fmt.Errorf("%s.%s of %s: %w", table, column, id, vault.ErrEmpty)
	}
	if kr == nil {
		return vault.Secret{}, ErrNoKeyring
	}
	plain, err := kr.Open(sealed, vault.Place{Table: table, Column: column, RowID: string(id)})
	if err != nil {
		return vault.Secret{}, fmt.Errorf("%s.%s of %s: %w", table, column, id, err)
	}
	return vault.NewSecret(string(plain)), nil
}

// StateOf tells whether a sealed value is unset, opens with the loaded keys, or does not.
func StateOf(kr *vault.Keyring, table, column string, id pulid.ID, sealed string) State {
	_, err := Open(kr, table, column, id, sealed)
	switch {
	case errors.Is(err, vault.ErrEmpty):
		return StateUnset
	case err != nil:
		return StateUndecryptable
	}
	return StateSet
}
