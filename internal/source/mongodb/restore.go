package mongodb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

const (
	// batchDocuments and batchBytes bound one insertMany: large enough to keep round trips few,
	// small enough that a batch is well below the server's 48 MB message limit.
	batchDocuments = 1000
	batchBytes     = 8 << 20
)

// ErrFormat reports a backup whose format this engine cannot restore.
var ErrFormat = errors.New("unsupported backup format")

var _ source.Restorer = (*Mongo)(nil)

// Restore reads an archive written by Dump into database db, whose name may differ from the
// dumped one. Each collection and view of the archive is dropped when it exists and created
// again with its options; documents are inserted in order, in batches, bypassing validation
// (they were valid when dumped, and a validator may have changed since); secondary indexes are
// built after the documents. Collections of db that the archive does not hold are left alone.
// Without opts.Create, db must exist. A malformed or cut archive fails with ErrArchive, after the
// collections before the damage were restored.
func (m *Mongo) Restore(ctx context.Context, db string, r io.Reader, opts source.RestoreOptions) error {
	op := "restore " + db + " on mongodb " + m.addr
	if opts.Format != Format {
		return connerr.New(connerr.Config, op,
			fmt.Errorf("%w %q: mongodb restores only %q", ErrFormat, opts.Format, Format),
			"restore this backup into a source of the engine that made it")
	}
	if err := checkName(source.FieldDatabase, db); err != nil {
		return err
	}
	ar := newArchiveReader(r)
	if _, err := ar.readHeader(); err != nil {
		return source.Classify(ctx, op, err, classify(m.withUser))
	}
	err := m.do(ctx, func(ctx context.Context, c *mongo.Client) error {
		if opts.Create {
			return c.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
		}
		return m.checkExists(ctx, c, db)
	})
	if err == nil {
		err = m.doOnce(ctx, func(ctx context.Context, c *mongo.Client) error {
			return restoreArchive(ctx, c.Database(db), ar)
		})
	}
	return source.Classify(ctx, op, err, classify(m.withUser))
}

// restoreArchive applies the rest of ar, after its header, to d.
func restoreArchive(ctx context.Context, d *mongo.Database, ar *archiveReader) error {
	var (
		current *collectionMeta
		batch   []bson.Raw
		size    int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := d.Collection(current.Collection).InsertMany(ctx, batch,
			options.InsertMany().SetOrdered(true).SetBypassDocumentValidation(true))
		if err != nil {
			return fmt.Errorf("insert into %s: %w", current.Collection, err)
		}
		batch, size = batch[:0], 0
		return nil
	}
	finish := func() error {
		if current == nil {
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		return createIndexes(ctx, d, current)
	}
	for {
		meta, doc, err := ar.next()
		switch {
		case err == io.EOF:
			return finish()
		case err != nil:
			// The documents read so far are good: keep them, then report the damage.
			if ferr := finish(); ferr != nil {
				return errors.Join(err, ferr)
			}
			return err
		case meta != nil:
			if err := finish(); err != nil {
				return err
			}
			current = meta
			if err := recreate(ctx, d, meta); err != nil {
				return err
			}
		default:
			batch = append(batch, doc)
			size += len(doc)
			if len(batch) >= batchDocuments || size >= batchBytes {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
}

// recreate drops the collection or view meta names and creates it with its options.
func recreate(ctx context.Context, d *mongo.Database, meta *collectionMeta) error {
	if err := d.Collection(meta.Collection).Drop(ctx); err != nil {
		return fmt.Errorf("drop %s: %w", meta.Collection, err)
	}
	cmd := bson.D{{Key: "create", Value: meta.Collection}}
	elems, err := meta.Options.Elements()
	if err != nil {
		return fmt.Errorf("%w: options of %s: %w", ErrArchive, meta.Collection, err)
	}
	for _, e := range elems {
		cmd = append(cmd, bson.E{Key: e.Key(), Value: e.Value()})
	}
	if err := d.RunCommand(ctx, cmd).Err(); err != nil {
		return fmt.Errorf("create %s: %w", meta.Collection, err)
	}
	return nil
}

// createIndexes builds meta's secondary indexes. The index version (v) and namespace (ns) of
// the dumped server are left out: the restoring server picks its own version (FerretDB refuses
// v), and the namespace is the new one.
func createIndexes(ctx context.Context, d *mongo.Database, meta *collectionMeta) error {
	if len(meta.Indexes) == 0 {
		return nil
	}
	specs := make(bson.A, 0, len(meta.Indexes))
	for _, ix := range meta.Indexes {
		elems, err := ix.Elements()
		if err != nil {
			return fmt.Errorf("%w: an index of %s: %w", ErrArchive, meta.Collection, err)
		}
		spec := bson.D{}
		for _, e := range elems {
			if k := e.Key(); k != "v" && k != "ns" {
				spec = append(spec, bson.E{Key: k, Value: e.Value()})
			}
		}
		specs = append(specs, spec)
	}
	cmd := bson.D{{Key: "createIndexes", Value: meta.Collection}, {Key: "indexes", Value: specs}}
	if err := d.RunCommand(ctx, cmd).Err(); err != nil {
		return fmt.Errorf("create the indexes of %s: %w", meta.Collection, err)
	}
	return nil
}

// validCollection reports whether an archive may name a collection so: not a system
// collection, which Dump leaves out, and nothing MongoDB would refuse.
func validCollection(name string) bool {
	return name != "" && !strings.HasPrefix(name, "system.") && !strings.ContainsAny(name, "$\x00")
}
