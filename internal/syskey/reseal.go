package syskey

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbackup/dbackup/internal/txn"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/keycheck"
)

// ErrUndecryptable refuses a rotation while some secret opens with none of the loaded keys.
var ErrUndecryptable = errors.New("some stored secrets open with none of the loaded keys")

// ResealOptions steer Reseal.
type ResealOptions struct {
	// DryRun counts what would change and writes nothing.
	DryRun bool
	// ForgetUndecryptable clears secrets that no loaded key opens instead of refusing.
	ForgetUndecryptable bool
	// BatchSize > 0 commits every that many values (the background rotation, which must not hold
	// one long write lock); 0 re-seals everything in one transaction (`dbackup key rotate`).
	BatchSize int
	// OnProgress, if set, is called after each committed batch.
	OnProgress func(done, total int)
	// Checkpoint, if set, is called inside each open transaction with the number of values
	// re-sealed so far: once when the transaction begins and again after each value. The crash
	// tests of `dbackup key rotate` pause in it to be killed at a chosen point.
	Checkpoint func(resealed int)
}

// ResealResult tells what Reseal did.
type ResealResult struct {
	Resealed  int       // values moved to the primary key
	Current   int       // values already under the primary key
	Forgotten []Cleared // undecryptable values cleared (with ForgetUndecryptable)
	// Undecryptable lists the values no loaded key opens (the reason for ErrUndecryptable).
	Undecryptable []Cleared
}

// Cleared names one stored secret.
type Cleared struct {
	Table, Column, ID string
}

// Reseal moves every stored secret to the primary key and then records the primary in the key
// check. Every value is rewritten only if it still holds what was read, and at any moment each
// value opens with the old key or the new one, so a crash at any point loses nothing and a rerun
// finishes the work.
func (s *Service) Reseal(ctx context.Context, opts ResealOptions) (ResealResult, error) {
	ctx = viewer.Privileged(ctx)
	defer s.invalidate()
	kr := s.keys.Keyring
	var res ResealResult
	var todo []value
	err := scan(ctx, s.client, s.dialect, func(v value) error {
		switch _, err := kr.Open(v.Sealed, place(v)); {
		case err != nil:
			res.Undecryptable = append(res.Undecryptable, Cleared{v.Table, v.Column, v.ID})
		case kr.NeedsReseal(v.Sealed):
			todo = append(todo, v)
		default:
			res.Current++
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if len(res.Undecryptable) > 0 && !opts.ForgetUndecryptable {
		return res, fmt.Errorf("%w (%d): re-enter them, load the key they need as ENCRYPTION_KEY_PREVIOUS, or rotate with --forget-undecryptable", ErrUndecryptable, len(res.Undecryptable))
	}
	if opts.DryRun {
		res.Resealed = len(todo)
		return res, nil
	}
	total := res.Current + len(todo)
	batch := opts.BatchSize
	if batch <= 0 {
		batch = len(todo) + 1
	}
	for start := 0; start < len(todo) || start == 0; start += batch {
		end := min(start+batch, len(todo))
		last := end == len(todo)
		err := s.inTx(ctx, func(tx *ent.Tx) error {
			opts.checkpoint(res.Resealed)
			for _, v := range todo[start:end] {
				n, err := s.resealOne(ctx, tx, v)
				if err != nil {
					return err
				}
				res.Resealed += n
				opts.checkpoint(res.Resealed)
			}
			if !last {
				return nil
			}
			if opts.ForgetUndecryptable {
				for _, c := range res.Undecryptable {
					v := value{Table: c.Table, Column: c.Column, ID: c.ID}
					if err := s.clearIfUndecryptable(ctx, tx, v, &res.Forgotten); err != nil {
						return err
					}
				}
			}
			return s.resealKeyCheck(ctx, tx)
		})
		if err != nil {
			return res, err
		}
		if last {
			s.keyCheckUpdated()
		}
		if opts.OnProgress != nil {
			opts.OnProgress(res.Current+res.Resealed, total)
		}
		if last {
			break
		}
	}
	return res, nil
}

// checkpoint calls Checkpoint if it is set.
func (o ResealOptions) checkpoint(resealed int) {
	if o.Checkpoint != nil {
		o.Checkpoint(resealed)
	}
}

// resealOne re-seals one value under the primary key; a value changed meanwhile is skipped (it
// was written by the API, so it is already under the primary).
func (s *Service) resealOne(ctx context.Context, tx *ent.Tx, v value) (int, error) {
	out, changed, err := s.keys.Keyring.Reseal(v.Sealed, place(v))
	if err != nil || !changed {
		return 0, err
	}
	ok, err := replace(ctx, tx, s.dialect, v, &out)
	if err != nil || !ok {
		return 0, err
	}
	return 1, nil
}

// clearIfUndecryptable re-reads one value and clears it if no loaded key opens it.
func (s *Service) clearIfUndecryptable(ctx context.Context, tx *ent.Tx, v value, cleared *[]Cleared) error {
	return scanOne(ctx, tx, s.dialect, v, func(cur value) error {
		if _, err := s.keys.Keyring.Open(cur.Sealed, place(cur)); err == nil {
			return nil
		}
		ok, err := replace(ctx, tx, s.dialect, cur, nil)
		if ok {
			*cleared = append(*cleared, Cleared{cur.Table, cur.Column, cur.ID})
		}
		return err
	})
}

// resealKeyCheck records the primary key in the key check, sealing a fresh canary with it (the
// ent hook seals). The caller sets s.expected once the transaction commits.
func (s *Service) resealKeyCheck(ctx context.Context, tx *ent.Tx) error {
	kc, err := tx.KeyCheck.Query().Order(ent.Asc(keycheck.FieldCreateTime)).First(ctx)
	if err != nil {
		return fmt.Errorf("read key check: %w", err)
	}
	if err := tx.KeyCheck.UpdateOne(kc).SetKeyID(s.keys.Keyring.PrimaryID()).SetCanary(canaryText).Exec(ctx); err != nil {
		return fmt.Errorf("update key check: %w", err)
	}
	return nil
}

// keyCheckUpdated records a committed key check update.
func (s *Service) keyCheckUpdated() {
	s.mu.Lock()
	s.expected = s.keys.Keyring.PrimaryID()
	s.mu.Unlock()
}

// inTx runs fn in a transaction.
func (s *Service) inTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return txn.Run(ctx, s.client, fn)
}
