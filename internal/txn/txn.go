// Package txn runs a function in one ent transaction: committed when the function returns nil,
// rolled back otherwise, with both errors kept when the rollback fails too. Every domain
// service writes through it, so that a change and its audit entry commit together.
package txn

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbackup/dbackup/ent"
)

// Run runs fn in a transaction of client.
func Run(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
