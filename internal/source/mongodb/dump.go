package mongodb

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/dbackup/dbackup/internal/source"
)

// writeBuffer is the buffer between the cursor and w: large enough that small documents do not
// each cost a write to the backup pipeline.
const writeBuffer = 256 << 10

// idIndex is the name of the index every collection has on _id, which create makes itself.
const idIndex = "_id_"

var _ source.Dumper = (*Mongo)(nil)

// Dump streams database db into w in the archive format Format: a header, then for each
// collection (system.* left out) its options and secondary indexes followed by its documents as
// stored, and for each view its definition, then an end frame with the counts. Collections come
// before views, each in name order; documents come in natural order, one cursor batch at a time.
//
// Where the server offers snapshot reads (MongoDB 5.0 or later, replica sets and sharded
// clusters) every collection is read at one cluster time, and the header says so; otherwise,
// as on a standalone or FerretDB, each collection is read on its own. A snapshot reaches back
// only minSnapshotHistoryWindowInSeconds (300 s by default): a dump that opens its last
// collection later than that fails with SnapshotTooOld.
func (m *Mongo) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	info := source.DumpInfo{Format: Format}
	op := "dump " + db + " on mongodb " + m.addr
	if err := checkName(source.FieldDatabase, db); err != nil {
		return info, err
	}
	var (
		colls    []collectionMeta
		ferretDB bool
	)
	err := m.do(ctx, func(ctx context.Context, c *mongo.Client) error {
		var build bson.M
		if err := c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&build); err != nil {
			return err
		}
		info.ServerVersion = version(build)
		_, ferretDB = build["ferretdbVersion"]
		if err := m.checkExists(ctx, c, db); err != nil {
			return err
		}
		var err error
		colls, err = listCollections(ctx, c.Database(db))
		return err
	})
	if err != nil {
		return info, source.Classify(ctx, op, err, classify(m.withUser))
	}
	h := header{Format: Format, Database: db, ServerVersion: info.ServerVersion}
	err = m.doOnce(ctx, func(ctx context.Context, c *mongo.Client) error {
		// FerretDB accepts snapshot sessions and ignores them: it must not be called consistent.
		if !ferretDB {
			sess, err := snapshotSession(ctx, c.Database(db), colls)
			if err != nil {
				return err
			}
			if sess != nil {
				defer sess.EndSession(context.WithoutCancel(ctx))
				ctx = mongo.NewSessionContext(ctx, sess)
				h.Consistent = true
			}
		}
		return writeArchive(ctx, c.Database(db), h, colls, w)
	})
	if err != nil {
		return info, source.Classify(ctx, op, err, classify(m.withUser))
	}
	return info, nil
}

// checkExists returns errNoDatabase when db is not among the databases the user may list.
func (m *Mongo) checkExists(ctx context.Context, c *mongo.Client, db string) error {
	names, err := c.ListDatabaseNames(ctx, bson.D{{Key: "name", Value: db}},
		options.ListDatabases().SetAuthorizedDatabases(true))
	if err != nil {
		return err
	}
	if !slices.Contains(names, db) {
		return fmt.Errorf("database %q: %w", db, errNoDatabase)
	}
	return nil
}

// listCollections returns the metadata of db's collections and views, with the collections'
// secondary indexes, collections first, each kind in name order.
func listCollections(ctx context.Context, d *mongo.Database) ([]collectionMeta, error) {
	cur, err := d.ListCollections(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	var specs []struct {
		Name    string   `bson:"name"`
		Type    string   `bson:"type"`
		Options bson.Raw `bson:"options"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	var colls []collectionMeta
	for _, s := range specs {
		if strings.HasPrefix(s.Name, "system.") {
			continue
		}
		meta := collectionMeta{Collection: s.Name, Type: cmp.Or(s.Type, typeCollection), Options: s.Options}
		if meta.Options == nil {
			meta.Options = emptyDocument
		}
		if meta.Type != typeView {
			if meta.Indexes, err = listIndexes(ctx, d.Collection(s.Name)); err != nil {
				return nil, err
			}
		}
		colls = append(colls, meta)
	}
	slices.SortFunc(colls, func(a, b collectionMeta) int {
		return cmp.Or(cmp.Compare(boolInt(a.Type == typeView), boolInt(b.Type == typeView)),
			strings.Compare(a.Collection, b.Collection))
	})
	return colls, nil
}

// emptyDocument is the BSON document {}.
var emptyDocument = bson.Raw{5, 0, 0, 0, 0}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// listIndexes returns coll's index specifications as the server lists them, without the _id
// index.
func listIndexes(ctx context.Context, coll *mongo.Collection) ([]bson.Raw, error) {
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", coll.Name(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	indexes := []bson.Raw{}
	for cur.Next(ctx) {
		if name, _ := cur.Current.Lookup("name").StringValueOK(); name == idIndex {
			continue
		}
		indexes = append(indexes, slices.Clone(cur.Current))
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", coll.Name(), err)
	}
	return indexes, nil
}

// snapshotSession starts a snapshot session and tries it on the first collection. It returns
// nil, and no error, when the server refuses snapshot reads, so that the dump reads without one.
func snapshotSession(ctx context.Context, d *mongo.Database, colls []collectionMeta) (*mongo.Session, error) {
	i := slices.IndexFunc(colls, func(c collectionMeta) bool { return c.Type != typeView })
	if i < 0 {
		return nil, nil // nothing to read, nothing to keep consistent
	}
	sess, err := d.Client().StartSession(options.Session().SetSnapshot(true))
	if err != nil {
		return nil, nil
	}
	err = d.Collection(colls[i].Collection).FindOne(mongo.NewSessionContext(ctx, sess), bson.D{}).Err()
	if err == nil || errors.Is(err, mongo.ErrNoDocuments) {
		return sess, nil
	}
	sess.EndSession(context.WithoutCancel(ctx))
	if ctx.Err() != nil || mongo.IsNetworkError(err) || mongo.IsTimeout(err) {
		return nil, err
	}
	return nil, nil // a standalone, or a server older than 5.0
}

// writeArchive writes the archive of colls, read from d, to w.
func writeArchive(ctx context.Context, d *mongo.Database, h header, colls []collectionMeta, w io.Writer) error {
	fw := &frameWriter{w: bufio.NewWriterSize(w, writeBuffer)}
	if err := fw.write(kindHeader, h); err != nil {
		return writeError(err)
	}
	t := trailer{End: true}
	for _, meta := range colls {
		if err := fw.write(kindCollection, meta); err != nil {
			return writeError(err)
		}
		t.Collections++
		if meta.Type == typeView {
			continue
		}
		n, err := writeDocuments(ctx, d.Collection(meta.Collection), fw)
		t.Documents += n
		if err != nil {
			return err
		}
	}
	if err := fw.write(kindEnd, t); err != nil {
		return writeError(err)
	}
	return writeError(fw.w.Flush())
}

// writeDocuments writes every document of coll as a frame, as the cursor delivers them.
func writeDocuments(ctx context.Context, coll *mongo.Collection, fw *frameWriter) (int64, error) {
	cur, err := coll.Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var n int64
	for cur.Next(ctx) {
		if err := fw.writeRaw(kindDocument, cur.Current); err != nil {
			return n, writeError(err)
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return n, fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	return n, nil
}

// writeError marks a failure to write the archive, which is the pipeline's, not the server's.
func writeError(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("write the archive: %w", err)
}
