package redis

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/redis/go-redis/v9"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// ErrFormat reports a backup whose format this engine cannot restore.
var ErrFormat = errors.New("unsupported backup format")

// Pipelined RESTOREs are sent once a batch holds restoreBatchKeys keys or restoreBatchBytes
// bytes of payload: enough to hide the round trips, little enough to bound memory.
const (
	restoreBatchKeys  = 256
	restoreBatchBytes = 8 << 20
)

// restoreHint names the ACL permissions a restore needs.
const restoreHint = "allow the ACL user to replace the data: ACL SETUSER <user> +flushall +select +restore " +
	"(and +function to restore function libraries), or +@all"

// Restore replaces everything on the server with the RDB snapshot r written by Dump. It
// checks the snapshot's header, runs FLUSHALL, then, decoding the snapshot as it reads, replays every key into its logical
// database with RESTORE … REPLACE ABSTTL, so keys keep their types, encodings and expiry
// times; keys that expired since the snapshot are not created. Function libraries are loaded
// with FUNCTION LOAD REPLACE. This works where SYNC and the server's files are out of reach,
// as on managed services, as long as RESTORE is allowed and the server is at least as new as
// the one that wrote the snapshot.
//
// db is only informational: the snapshot holds every logical database, and each key goes back
// into the database it came from. The caller verifies the whole backup before calling Restore;
// a snapshot of an RDB version newer than the reader knows is refused before the flush. Even
// so, a value this reader cannot replay (a module type of the old format, or a value type of a
// server newer than Redis 7.4) stops the restore half way, after the flush, with
// ErrUnsupported, and the server then holds only the keys before it.
func (r *Redis) Restore(ctx context.Context, db string, rd io.Reader, opts source.RestoreOptions) error {
	op := "restore redis " + r.addr
	if opts.Format != FormatRDB {
		return connerr.New(connerr.Config, op,
			fmt.Errorf("%w %q: redis restores only %q", ErrFormat, opts.Format, FormatRDB),
			"restore this backup into a source of the engine that made it")
	}
	rdb, err := newRDBReader(rd)
	if err != nil {
		return source.Classify(ctx, op, err, classifyRestore)
	}
	conn := r.client.Conn()
	defer conn.Close()
	if err := conn.FlushAll(ctx).Err(); err != nil {
		return source.Classify(ctx, op, err, classifyRestore)
	}
	rp := &replayer{ctx: ctx, conn: conn, db: 0}
	err = rdb.each(rdbHandler{Key: rp.key, Function: rp.function})
	if err == nil {
		err = rp.flush()
	}
	if rp.db != 0 {
		// The connection goes back to the pool, whose other users expect database 0.
		_ = conn.Select(context.WithoutCancel(ctx), 0).Err()
	}
	if err != nil {
		return source.Classify(ctx, op, err, classifyRestore)
	}
	return nil
}

// classifyRestore classifies a failed restore command.
func classifyRestore(err error) (connerr.Kind, string, bool) {
	if redis.IsPermissionError(err) {
		return connerr.Permission, restoreHint, true
	}
	var sel *selectError
	if errors.As(err, &sel) {
		return classifySelect(sel.db)(sel.err)
	}
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrUnsupported) {
		return connerr.Other, "the backup cannot be replayed here; restore it by hand (see docs/redis-backups.md)", true
	}
	return classify(err)
}

// selectError is a failed SELECT of a snapshot's database on the target.
type selectError struct {
	db  int
	err error
}

func (e *selectError) Error() string { return fmt.Sprintf("select database %d: %v", e.db, e.err) }
func (e *selectError) Unwrap() error { return e.err }

// replayer sends the keys of a snapshot to a connection in pipelined batches.
type replayer struct {
	ctx     context.Context
	conn    *redis.Conn
	db      int // the connection's current database
	pipe    redis.Pipeliner
	keys    [][]byte
	pending int // payload bytes in pipe
}

func (rp *replayer) key(e rdbEntry) error {
	if rp.pipe == nil {
		rp.pipe = rp.conn.Pipeline()
	}
	if e.DB != rp.db {
		// SELECT cannot be pipelined blindly: a missing database must not send keys to the
		// previous one.
		if err := rp.flush(); err != nil {
			return err
		}
		if err := rp.conn.Select(rp.ctx, e.DB).Err(); err != nil {
			return &selectError{db: e.DB, err: err}
		}
		rp.db = e.DB
	}
	// With ABSTTL the TTL is the expiry time itself; 0 is none.
	rp.pipe.Do(rp.ctx, "RESTORE", e.Key, e.ExpireAt, e.Payload, "REPLACE", "ABSTTL")
	rp.keys = append(rp.keys, e.Key)
	rp.pending += len(e.Payload)
	if len(rp.keys) >= restoreBatchKeys || rp.pending >= restoreBatchBytes {
		return rp.flush()
	}
	return nil
}

// flush sends the batch and reports the first key the server refused.
func (rp *replayer) flush() error {
	if rp.pipe == nil || len(rp.keys) == 0 {
		return nil
	}
	cmds, err := rp.pipe.Exec(rp.ctx)
	keys := rp.keys
	rp.keys, rp.pending = rp.keys[:0], 0
	for i, c := range cmds {
		if c.Err() != nil {
			return fmt.Errorf("restore key %q into database %d: %w", keys[i], rp.db, c.Err())
		}
	}
	return err
}

func (rp *replayer) function(code []byte) error {
	if err := rp.flush(); err != nil {
		return err
	}
	if err := rp.conn.Do(rp.ctx, "FUNCTION", "LOAD", "REPLACE", code).Err(); err != nil {
		return fmt.Errorf("load function library: %w", err)
	}
	return nil
}
