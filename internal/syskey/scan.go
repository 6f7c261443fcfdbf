package syskey

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/keycheck"
)

// execQuerier runs raw SQL on an ent client or transaction (feature sql/execquery).
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// value is one stored secret.
type value struct {
	Table, Column, ID, Sealed string
}

// tables returns the sealed tables in a stable order. The key check is left out: it is not
// configuration, and rotation and forgetting rewrite it themselves.
func tables() []string {
	out := make([]string, 0, len(ent.SecretColumns))
	for t := range ent.SecretColumns {
		if t != keycheck.Table {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// scan calls fn for every non-empty secret in the database, table by table.
func scan(ctx context.Context, q execQuerier, dialect string, fn func(value) error) error {
	for _, table := range tables() {
		cols := ent.SecretColumns[table]
		query, args := entsql.Dialect(dialect).
			Select(append([]string{"id"}, cols...)...).
			From(entsql.Table(table)).
			OrderBy("id").
			Query()
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("scan %s: %w", table, err)
		}
		if err := scanRows(rows, table, cols, fn); err != nil {
			return err
		}
	}
	return nil
}

func scanRows(rows *sql.Rows, table string, cols []string, fn func(value) error) error {
	defer rows.Close()
	dest := make([]any, len(cols)+1)
	var id string
	vals := make([]sql.NullString, len(cols))
	dest[0] = &id
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	var batch []value
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("scan %s: %w", table, err)
		}
		for i, v := range vals {
			if v.Valid && v.String != "" {
				batch = append(batch, value{Table: table, Column: cols[i], ID: id, Sealed: v.String})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", table, err)
	}
	// fn may write to the same table, so the rows are closed before it runs.
	_ = rows.Close()
	for _, v := range batch {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// replace swaps one stored secret for another, only if it still holds old: a concurrent edit
// through the API wins over a rotation or a forget. It reports whether the row was changed.
func replace(ctx context.Context, q execQuerier, dialect string, v value, newValue *string) (bool, error) {
	var set any
	if newValue != nil {
		set = *newValue
	}
	query, args := entsql.Dialect(dialect).
		Update(v.Table).
		Set(v.Column, set).
		Where(entsql.And(entsql.EQ("id", v.ID), entsql.EQ(v.Column, v.Sealed))).
		Query()
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("update %s.%s of %s: %w", v.Table, v.Column, v.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// scanOne calls fn with the current value of one secret, if it is set.
func scanOne(ctx context.Context, q execQuerier, dialect string, v value, fn func(value) error) error {
	query, args := entsql.Dialect(dialect).
		Select(v.Column).
		From(entsql.Table(v.Table)).
		Where(entsql.EQ("id", v.ID)).
		Query()
	var cur sql.NullString
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read %s.%s of %s: %w", v.Table, v.Column, v.ID, err)
	}
	found := rows.Next()
	if found {
		err = rows.Scan(&cur)
	}
	_ = rows.Close()
	if err != nil || !found || !cur.Valid || cur.String == "" {
		return err
	}
	v.Sealed = cur.String
	return fn(v)
}
