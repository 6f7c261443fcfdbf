package configbackup

import (
	"encoding/json"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// columnPasswordHash carries a user's password hash in the envelope. It is not sealed in the
// database (it is a slow hash already) but is as sensitive as a secret in a file.
const columnPasswordHash = "password_hash"

// secretSet holds secret values by kind, item name and column.
type secretSet map[string]map[string]map[string]vault.Secret

func (s secretSet) put(kind, name, column string, v vault.Secret) {
	if v.IsEmpty() {
		return
	}
	if s[kind] == nil {
		s[kind] = map[string]map[string]vault.Secret{}
	}
	if s[kind][name] == nil {
		s[kind][name] = map[string]vault.Secret{}
	}
	s[kind][name][column] = v
}

// rename moves an item's secrets to its new name.
func (s secretSet) rename(kind, from, to string) {
	if v, ok := s[kind][from]; ok {
		delete(s[kind], from)
		s[kind][to] = v
	}
}

// plaintext is the JSON that the envelope encrypts: kind → name → column → value.
func (s secretSet) plaintext() ([]byte, error) {
	out := map[string]map[string]map[string]string{}
	for kind, items := range s {
		out[kind] = map[string]map[string]string{}
		for name, cols := range items {
			out[kind][name] = map[string]string{}
			for col, v := range cols {
				out[kind][name][col] = v.Reveal()
			}
		}
	}
	return json.Marshal(out)
}

// parseSecrets reads the envelope's plaintext.
func parseSecrets(plain []byte) (secretSet, error) {
	var raw map[string]map[string]map[string]string
	if err := json.Unmarshal(plain, &raw); err != nil {
		return nil, fmt.Errorf("%w: sealed secrets are not a JSON object: %v", ErrFormat, err)
	}
	s := secretSet{}
	for kind, items := range raw {
		for name, cols := range items {
			for col, v := range cols {
				s.put(kind, name, col, vault.NewSecret(v))
			}
		}
	}
	return s, nil
}

// keyring returns the keyring an ent client seals with. The generated client keeps it in its
// unexported config; every mutation of a table with secrets hands it out.
func keyring(c *ent.Client) *vault.Keyring {
	return c.Source.Create().Mutation().SealKeyring()
}

// sealedRow is an entity with sealed columns.
type sealedRow interface{ SealedSecrets() map[string]string }

// openRow opens every set secret of a row; what names the row in errors.
func openRow(kr *vault.Keyring, table string, id pulid.ID, row sealedRow, what string) (map[string]vault.Secret, error) {
	out := map[string]vault.Secret{}
	for col, sealed := range row.SealedSecrets() {
		if sealed == "" {
			continue
		}
		v, err := entvault.Open(kr, table, col, id, sealed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[col] = v
	}
	return out, nil
}

// sameSecrets reports whether two sets of secret values are equal.
func sameSecrets(a, b map[string]vault.Secret) bool {
	for col, v := range a {
		if !v.Equal(b[col]) {
			return false
		}
	}
	for col, v := range b {
		if _, ok := a[col]; !ok && !v.IsEmpty() {
			return false
		}
	}
	return true
}
