package catalog

import (
	"slices"

	entgo "entgo.io/ent"

	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// SecretChanges are the secrets of an input by field name: a value sets the secret, an empty
// value clears it, and a name left out keeps what is stored.
type SecretChanges map[string]vault.Secret

// setter is the part of an ent mutation that sets and clears fields by name.
type setter interface {
	SetField(name string, value entgo.Value) error
	ClearField(name string) error
}

// apply writes the changes to m; names must be secret columns (checked by the caller).
func (c SecretChanges) apply(m setter) error {
	for name, v := range c {
		if v.IsEmpty() {
			if err := m.ClearField(name); err != nil {
				return err
			}
			continue
		}
		if err := m.SetField(name, v.Reveal()); err != nil {
			return err
		}
	}
	return nil
}

// check refuses names that are not among allowed.
func (c SecretChanges) check(allowed []string) error {
	for name := range c {
		if !slices.Contains(allowed, name) {
			return fieldError("secrets", "%q is not a secret of this form; use one of %v", name, allowed)
		}
	}
	return nil
}

// merged returns the secrets to validate or connect with: stored ones opened with kr (a key
// mismatch fails with *vault.KeyMismatchError), overridden by c. Without open, stored secrets
// are only marked present, which is all validation needs.
func (c SecretChanges) merged(kr *vault.Keyring, table string, id pulid.ID, sealed map[string]string, open bool) (map[string]vault.Secret, error) {
	out := map[string]vault.Secret{}
	for col, v := range sealed {
		if v == "" {
			continue
		}
		if _, changed := c[col]; changed {
			continue
		}
		if !open {
			out[col] = vault.NewSecret("stored")
			continue
		}
		sec, err := entvault.Open(kr, table, col, id, v)
		if err != nil {
			return nil, &SecretOpenError{Secret: col, Err: err}
		}
		out[col] = sec
	}
	for name, v := range c {
		if !v.IsEmpty() {
			out[name] = v
		}
	}
	return out, nil
}

// vaultSecret shortens signatures.
type vaultSecret = vault.Secret

// present returns the non-empty secrets of c, for validating a new item.
func (c SecretChanges) present() map[string]vault.Secret {
	out := map[string]vault.Secret{}
	for k, v := range c {
		if !v.IsEmpty() {
			out[k] = v
		}
	}
	return out
}

// SecretOpenError is a stored secret that could not be opened; Secret is its field name, such as
// "password". It wraps the vault's error (*vault.KeyMismatchError when ENCRYPTION_KEY differs).
type SecretOpenError struct {
	Secret string
	Err    error
}

func (e *SecretOpenError) Error() string { return "open " + e.Secret + ": " + e.Err.Error() }
func (e *SecretOpenError) Unwrap() error { return e.Err }
