package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/vault"
)

// Error codes the API returns in extensions.code. Clients and the Recovery Kit match on these,
// never on messages.
const (
	// CodeEncryptionKeyMismatch: a stored secret was sealed with a key that is not loaded.
	CodeEncryptionKeyMismatch = "ENCRYPTION_KEY_MISMATCH"
	// CodeSecretUndecryptable: a stored secret fails authentication under a loaded key (damaged,
	// or moved to another row); it must be re-entered.
	CodeSecretUndecryptable = "SECRET_UNDECRYPTABLE"
)

// PresentError is the one place that turns domain errors into GraphQL errors with codes.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var mm *vault.KeyMismatchError
	switch {
	case errors.As(err, &mm):
		setCode(gerr, CodeEncryptionKeyMismatch)
		gerr.Extensions["keyId"] = mm.KeyID
		gerr.Extensions["loadedKeyIds"] = mm.Known
	case errors.Is(err, vault.ErrTampered), errors.Is(err, vault.ErrMalformed):
		setCode(gerr, CodeSecretUndecryptable)
	}
	return gerr
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}
