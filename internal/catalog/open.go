package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/dbackup/dbackup/ent"
	entdest "github.com/dbackup/dbackup/ent/destination"
	"github.com/dbackup/dbackup/ent/encryptionprofile"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// CodeSecretUndecryptable is the code of a stored secret that cannot be opened for another
// reason than a missing key.
const CodeSecretUndecryptable = "SECRET_UNDECRYPTABLE"

// OpenError is a saved source, destination or profile that cannot be used because one of its
// stored secrets does not open. Its message names the item and the secret and says the fix.
type OpenError struct {
	// What names the item, such as `source "prod"`.
	What string
	// Secret is the field that did not open, such as "password".
	Secret string
	Err    error
}

func (e *OpenError) Error() string {
	var mm *vault.KeyMismatchError
	if errors.As(e.Err, &mm) {
		return fmt.Sprintf("the %s of %s was sealed with ENCRYPTION_KEY %s, which is not loaded: start DBackup with that key, or re-enter the %s",
			e.Secret, e.What, mm.KeyID, e.Secret)
	}
	return fmt.Sprintf("the %s of %s cannot be decrypted: re-enter it (%v)", e.Secret, e.What, e.Err)
}

func (e *OpenError) Unwrap() error { return e.Err }

// Code is ENCRYPTION_KEY_MISMATCH or SECRET_UNDECRYPTABLE.
func (e *OpenError) Code() string {
	var mm *vault.KeyMismatchError
	if errors.As(e.Err, &mm) {
		return CodeKeyMismatch
	}
	return CodeSecretUndecryptable
}

func openError(what string, err error) error {
	var so *SecretOpenError
	if errors.As(err, &so) {
		return &OpenError{What: what, Secret: so.Secret, Err: so.Err}
	}
	return err
}

// OpenSource loads a saved source and opens its adapter with its secrets; the caller closes it.
// A secret that does not open is an *OpenError.
func (s *Service) OpenSource(ctx context.Context, id pulid.ID) (*ent.Source, source.Source, error) {
	row, err := s.client.Source.Get(viewer.Privileged(ctx), id)
	switch {
	case ent.IsNotFound(err):
		return nil, nil, notFound("source", id)
	case err != nil:
		return nil, nil, fmt.Errorf("load source %s: %w", id, err)
	}
	what := fmt.Sprintf("source %q", row.Name)
	secrets, err := SecretChanges{}.merged(s.kr, entsource.Table, row.ID, row.SealedSecrets(), true)
	if err != nil {
		return nil, nil, openError(what, err)
	}
	e, cfg, err := validateSource(string(row.Engine), SourceSettings(row), secrets)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	src, err := e.Open(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	return row, src, nil
}

// OpenDestination loads a saved destination and opens its storage; the caller closes it. A
// secret that does not open is an *OpenError.
func (s *Service) OpenDestination(ctx context.Context, id pulid.ID) (*ent.Destination, storage.Storage, error) {
	row, err := s.client.Destination.Get(viewer.Privileged(ctx), id)
	switch {
	case ent.IsNotFound(err):
		return nil, nil, notFound("destination", id)
	case err != nil:
		return nil, nil, fmt.Errorf("load destination %s: %w", id, err)
	}
	what := fmt.Sprintf("destination %q", row.Name)
	secrets, err := SecretChanges{}.merged(s.kr, entdest.Table, row.ID, row.SealedSecrets(), true)
	if err != nil {
		return nil, nil, openError(what, err)
	}
	settings := maps.Clone(DestinationSettings(row))
	maps.DeleteFunc(settings, func(_, v string) bool { return v == "" })
	e, err := validateDestination(string(row.Kind), settings, secrets)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	st, err := e.Open(ctx, settings, secrets)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	return row, st, nil
}

// ProfileKey opens an Encryption Profile's key. A key sealed under another ENCRYPTION_KEY is an
// *OpenError naming the profile.
func (s *Service) ProfileKey(p *ent.EncryptionProfile) (vault.Key, error) {
	sec, err := entvault.Open(s.kr, encryptionprofile.Table, encryptionprofile.FieldKey, p.ID, p.Key)
	if err != nil {
		return vault.Key{}, &OpenError{What: fmt.Sprintf("encryption profile %q", p.Name), Secret: "key", Err: err}
	}
	k, err := vault.ParseKey(sec.Reveal())
	if err != nil {
		return vault.Key{}, fmt.Errorf("encryption profile %q: stored key: %w", p.Name, err)
	}
	return k, nil
}

// KeyLookup finds profile keys by the key id in a backup's header: whichever profile holds that
// key opens the file, whatever its id or name (so an imported key works at once). A key id no
// profile has is an *encfile.UnknownKeyError naming it.
func (s *Service) KeyLookup(ctx context.Context) encfile.KeyLookup {
	return encfile.KeyLookupFunc(func(kid string) (vault.Key, error) {
		p, err := s.client.EncryptionProfile.Query().Where(encryptionprofile.KeyID(kid)).First(viewer.Privileged(ctx))
		switch {
		case ent.IsNotFound(err):
			return vault.Key{}, &encfile.UnknownKeyError{KeyID: kid}
		case err != nil:
			return vault.Key{}, fmt.Errorf("find profile with key id %s: %w", kid, err)
		}
		return s.ProfileKey(p)
	})
}
