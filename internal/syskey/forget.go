package syskey

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
)

// ForgetResult lists the secrets Forget cleared.
type ForgetResult struct {
	Cleared []Cleared
	// KeyID is the key the key check is sealed with afterwards: the loaded primary.
	KeyID string
}

// Forget clears exactly the stored secrets that no loaded key opens, so they can be re-entered,
// re-seals the key check with the primary key, and records an audit entry by actor, all in one
// transaction. Secrets that open are never touched.
func (s *Service) Forget(ctx context.Context, actor string) (ForgetResult, error) {
	ctx = viewer.Privileged(ctx)
	defer s.invalidate()
	res := ForgetResult{KeyID: s.keys.Keyring.PrimaryID()}
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		var candidates []value
		err := scan(ctx, tx, s.dialect, func(v value) error {
			if _, err := s.keys.Keyring.Open(v.Sealed, place(v)); err != nil {
				candidates = append(candidates, v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, v := range candidates {
			ok, err := replace(ctx, tx, s.dialect, v, nil)
			if err != nil {
				return err
			}
			if ok {
				res.Cleared = append(res.Cleared, Cleared{v.Table, v.Column, v.ID})
			}
		}
		if err := s.resealKeyCheck(ctx, tx); err != nil {
			return err
		}
		fields := make([]string, 0, len(res.Cleared))
		for _, c := range res.Cleared {
			fields = append(fields, c.Table+"."+c.Column+"["+c.ID+"]")
		}
		return tx.AuditEntry.Create().
			SetActor(actor).
			SetAction("vault.forgetUndecryptableSecrets").
			SetFields(fields).
			SetDetails(map[string]any{"cleared": len(res.Cleared), "keyId": res.KeyID}).
			Exec(ctx)
	})
	if err != nil {
		return ForgetResult{}, fmt.Errorf("forget undecryptable secrets: %w", err)
	}
	s.keyCheckUpdated()
	return res, nil
}
