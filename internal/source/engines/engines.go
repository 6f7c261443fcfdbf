package engines

import (
	"strings"

	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mongodb"
	"github.com/dbackup/dbackup/internal/source/mysql"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/source/sqlite"
)

// Entry is one engine: its description and the constructor of its adapter.
type Entry struct {
	Engine source.Engine
	// Open validates a configuration and returns a source that has not connected yet.
	Open func(source.Config) (source.Source, error)
}

// All returns every engine, in the order the web interface offers them.
func All() []Entry {
	return []Entry{
		{Engine: postgres.Engine, Open: postgres.Open},
		{Engine: mysql.Engine, Open: mysql.Open},
		{Engine: mysql.MariaDB, Open: mysql.Open},
		{Engine: mongodb.Engine, Open: mongodb.Open},
		{Engine: sqlite.Engine, Open: sqlite.Open},
		{Engine: redis.Engine, Open: redis.Open},
	}
}

// Lookup returns the engine named name.
func Lookup(name string) (Entry, bool) {
	for _, e := range All() {
		if e.Engine.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Open opens cfg with the adapter of cfg.Engine. An unknown engine is a connerr.Config error
// whose Op is "engine".
func Open(cfg source.Config) (source.Source, error) {
	e, ok := Lookup(cfg.Engine)
	if !ok {
		return nil, source.ConfigError("engine", "choose one of "+names(), "unknown engine %q", cfg.Engine)
	}
	return e.Open(cfg)
}

func names() string {
	var out []string
	for _, e := range All() {
		out = append(out, e.Engine.Name)
	}
	return strings.Join(out, ", ")
}
