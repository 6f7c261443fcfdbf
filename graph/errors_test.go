package graph

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/vault"
)

func TestPresentErrorCodes(t *testing.T) {
	mm := fmt.Errorf("test connection: %w", &vault.KeyMismatchError{KeyID: "aaaaaaaaaaaaaaaa", Known: []string{"bbbbbbbbbbbbbbbb"}})
	e := PresentError(context.Background(), mm)
	require.Equal(t, CodeEncryptionKeyMismatch, e.Extensions["code"])
	require.Equal(t, "aaaaaaaaaaaaaaaa", e.Extensions["keyId"])
	require.Contains(t, e.Message, "aaaaaaaaaaaaaaaa")
	require.Contains(t, e.Message, "bbbbbbbbbbbbbbbb")

	e = PresentError(context.Background(), fmt.Errorf("open: %w", vault.ErrTampered))
	require.Equal(t, CodeSecretUndecryptable, e.Extensions["code"])

	e = PresentError(context.Background(), fmt.Errorf("plain"))
	require.Nil(t, e.Extensions["code"])
}
