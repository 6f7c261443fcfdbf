package mongodb_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mongodb"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/mongotest"
)

// peopleCount exceeds one restore batch, so that batches are split.
const peopleCount = 2500

// seed fills a fresh database with a collection of varied documents and two secondary indexes
// (one unique), a capped collection and an empty collection, and returns its name. FerretDB
// 1.24 supports neither Decimal128, MinKey and JavaScript values nor nested arrays (archive_test.go covers them
// without a server) nor validators, collations and views.
func seed(t *testing.T, s *mongotest.Server) string {
	t.Helper()
	ctx := ctxFor(t)
	name := s.NewDatabase(t, 0) // holds an empty collection "items"
	d := s.Client(t).Database(name)
	people := make([]any, 0, peopleCount)
	for i := range peopleCount {
		people = append(people, bson.D{
			{Key: "_id", Value: bson.NewObjectID()},
			{Key: "email", Value: fmt.Sprintf("user%d@example.com", i)},
			{Key: "born", Value: bson.NewDateTimeFromTime(time.Date(1970+i%50, 1, 2, 3, 4, 5, 0, time.UTC))},
			{Key: "score", Value: float64(i) / 3},
			{Key: "visits", Value: int64(i) << 33},
			{Key: "active", Value: i%2 == 0},
			{Key: "avatar", Value: bson.Binary{Subtype: 0, Data: []byte{byte(i), 0, 0xff}}},
			{Key: "uuid", Value: bson.Binary{Subtype: 4, Data: bytes.Repeat([]byte{byte(i)}, 16)}},
			{Key: "tags", Value: bson.A{"a", i, bson.D{{Key: "deep", Value: bson.A{nil, "x", bson.D{{Key: "k", Value: int32(i)}}}}}}},
			{Key: "address", Value: bson.D{{Key: "city", Value: "Lyon"}, {Key: "geo", Value: bson.D{{Key: "lat", Value: 45.76}, {Key: "lon", Value: 4.84}}}}},
			{Key: "pattern", Value: bson.Regex{Pattern: "^a", Options: "i"}},
			{Key: "ts", Value: bson.Timestamp{T: uint32(i), I: 1}},
			{Key: "none", Value: nil},
		})
	}
	_, err := d.Collection("people").InsertMany(ctx, people)
	require.NoError(t, err)
	_, err = d.Collection("people").Indexes().CreateMany(ctx, []mongo.IndexModel{
		{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "address.city", Value: 1}, {Key: "born", Value: -1}}, Options: options.Index().SetName("city_born")},
	})
	require.NoError(t, err)
	require.NoError(t, d.CreateCollection(ctx, "log", options.CreateCollection().SetCapped(true).SetSizeInBytes(1<<20).SetMaxDocuments(100)))
	for i := range 5 {
		_, err := d.Collection("log").InsertOne(ctx, bson.D{{Key: "_id", Value: i}, {Key: "msg", Value: "line"}})
		require.NoError(t, err)
	}
	return name
}

// snapshotOf is everything a restore must reproduce: each collection's options, indexes
// (without the namespace) and documents as the server returns them, ordered by _id.
func snapshotOf(t *testing.T, d *mongo.Database) map[string][]bson.Raw {
	t.Helper()
	ctx := ctxFor(t)
	out := map[string][]bson.Raw{}
	cur, err := d.ListCollections(ctx, bson.D{})
	require.NoError(t, err)
	var specs []struct {
		Name    string   `bson:"name"`
		Type    string   `bson:"type"`
		Options bson.Raw `bson:"options"`
	}
	require.NoError(t, cur.All(ctx, &specs))
	for _, s := range specs {
		out[s.Name+" options"] = []bson.Raw{s.Options}
		ic, err := d.Collection(s.Name).Indexes().List(ctx)
		require.NoError(t, err)
		var indexes []bson.D
		require.NoError(t, ic.All(ctx, &indexes))
		for _, ix := range indexes {
			ix = slices.DeleteFunc(ix, func(e bson.E) bool { return e.Key == "ns" })
			raw, err := bson.Marshal(ix)
			require.NoError(t, err)
			out[s.Name+" indexes"] = append(out[s.Name+" indexes"], raw)
		}
		dc, err := d.Collection(s.Name).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
		require.NoError(t, err)
		var docs []bson.Raw
		require.NoError(t, dc.All(ctx, &docs))
		out[s.Name] = docs
	}
	return out
}

func dump(t *testing.T, m *mongodb.Mongo, db string) []byte {
	t.Helper()
	var buf bytes.Buffer
	info, err := m.Dump(ctxFor(t), db, &buf)
	require.NoError(t, err)
	require.Equal(t, mongodb.Format, info.Format)
	require.True(t, strings.HasPrefix(info.ServerVersion, "FerretDB "), info.ServerVersion)
	require.Empty(t, info.ToolVersion)
	return buf.Bytes()
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	s := mongotest.Start(t)
	db := seed(t, s)
	m := open(t, configFor(s))
	archive := dump(t, m, db)

	target := db + "_restored"
	c := s.Client(t)
	t.Cleanup(func() { _ = c.Database(target).Drop(context.Background()) })
	want := snapshotOf(t, c.Database(db))
	require.Len(t, want["people"], peopleCount)
	require.Len(t, want["people indexes"], 3)
	require.Len(t, want["log"], 5)
	require.Contains(t, want, "items")

	opts := source.RestoreOptions{Format: mongodb.Format, Create: true}
	for range 2 { // a second restore drops and recreates, leaving the same database
		require.NoError(t, m.Restore(ctxFor(t), target, bytes.NewReader(archive), opts))
		got := snapshotOf(t, c.Database(target))
		require.Equal(t, len(want), len(got))
		for k, docs := range want {
			require.Len(t, got[k], len(docs), k)
			for i := range docs {
				require.Equal(t, docs[i].String(), got[k][i].String(), "%s #%d", k, i)
			}
		}
	}

	// The restored database dumps to the same archive, but for its name in the header.
	again := dump(t, m, target)
	require.Equal(t, len(archive)+len("_restored"), len(again))
}

func TestDumpMissingDatabase(t *testing.T) {
	s := mongotest.Start(t)
	_, err := open(t, configFor(s)).Dump(ctxFor(t), "dbackup_no_such_db", &bytes.Buffer{})
	sourcetest.RequireKind(t, err, connerr.NotFound)
}

func TestRestoreWithoutCreateNeedsDatabase(t *testing.T) {
	s := mongotest.Start(t)
	m := open(t, configFor(s))
	archive := dump(t, m, s.NewDatabase(t, 3))
	err := m.Restore(ctxFor(t), "dbackup_no_such_db", bytes.NewReader(archive), source.RestoreOptions{Format: mongodb.Format})
	sourcetest.RequireKind(t, err, connerr.NotFound)

	existing := s.NewDatabase(t, 0)
	require.NoError(t, m.Restore(ctxFor(t), existing, bytes.NewReader(archive), source.RestoreOptions{Format: mongodb.Format}))
	n, err := s.Client(t).Database(existing).Collection("items").CountDocuments(ctxFor(t), bson.D{})
	require.NoError(t, err)
	require.EqualValues(t, 3, n)
}

func TestRestoreTruncatedFails(t *testing.T) {
	s := mongotest.Start(t)
	m := open(t, configFor(s))
	archive := dump(t, m, seed(t, s))
	for _, cut := range []int{0, 10, len(archive) / 2, len(archive) - 1} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			target := s.NewDatabase(t, 0)
			err := m.Restore(ctxFor(t), target, bytes.NewReader(archive[:cut]), source.RestoreOptions{Format: mongodb.Format})
			require.ErrorIs(t, err, mongodb.ErrArchive)
			sourcetest.RequireKind(t, err, connerr.Other)
		})
	}
}

func TestRestoreRefusesOtherFormat(t *testing.T) {
	s := mongotest.Start(t)
	m := open(t, configFor(s))
	r := strings.NewReader("PGDMP")
	err := m.Restore(ctxFor(t), "dbackup_test_x", r, source.RestoreOptions{Format: "pg_dump-custom", Create: true})
	require.ErrorIs(t, err, mongodb.ErrFormat)
	sourcetest.RequireKind(t, err, connerr.Config)
	require.Equal(t, 5, r.Len(), "nothing was read")
}
