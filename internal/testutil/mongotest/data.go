package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// timeout bounds each administrative command.
const timeout = 10 * time.Second

// Client connects to a server started by Start, without credentials, and disconnects when the
// test ends.
func (s *Server) Client(t testing.TB) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(options.Client().SetHosts([]string{s.Addr}).SetDirect(true).
		SetServerSelectionTimeout(timeout))
	if err != nil {
		t.Fatalf("mongotest: connect to %s: %v", s.Addr, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_ = c.Disconnect(ctx)
	})
	return c
}

// NewDatabase creates a uniquely named database (dbackup_test_<hex>) holding one collection
// with docs documents, since MongoDB creates a database with its first write, and returns the
// name. The database is dropped when the test ends.
func (s *Server) NewDatabase(t testing.TB, docs int) string {
	t.Helper()
	c := s.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	name := "dbackup_test_" + randomHex(6)
	items := make([]any, 0, docs)
	for i := range docs {
		items = append(items, bson.D{{Key: "n", Value: i}, {Key: "text", Value: "dbackup test document"}})
	}
	coll := c.Database(name).Collection("items")
	if docs == 0 {
		if err := c.Database(name).CreateCollection(ctx, "items"); err != nil {
			t.Fatalf("mongotest: create %s.items: %v", name, err)
		}
	} else if _, err := coll.InsertMany(ctx, items); err != nil {
		t.Fatalf("mongotest: insert into %s.items: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := c.Database(name).Drop(ctx); err != nil {
			t.Errorf("mongotest: drop database %s: %v", name, err)
		}
	})
	return name
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
