package offline

import (
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dbackup/dbackup/internal/sidecar"
)

// Problem is a sidecar found by Scan that does not describe a usable backup.
type Problem struct {
	Path string
	Err  error
}

// Scan walks dir recursively and inspects the object of every sidecar ("*.meta.json") it
// finds. Backups are returned newest first (ties by path); sidecars whose object is missing or
// that do not parse are returned as problems. Temporary outputs of DecryptTo and Unpack are
// skipped.
func Scan(ctx context.Context, dir string) ([]*Backup, []Problem, error) {
	var backups []*Backup
	var problems []Problem
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, Problem{Path: path, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && strings.Contains(name, partialInfix) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !sidecar.IsName(name) {
			return nil
		}
		b, err := Inspect(sidecar.ObjectOf(path))
		if err != nil {
			problems = append(problems, Problem{Path: path, Err: err})
			return nil
		}
		backups = append(backups, b)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.SliceStable(backups, func(i, j int) bool {
		if !backups[i].Time.Equal(backups[j].Time) {
			return backups[i].Time.After(backups[j].Time)
		}
		return backups[i].Path < backups[j].Path
	})
	return backups, problems, nil
}
