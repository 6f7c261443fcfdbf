package mongotest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/dbackup/dbackup/internal/testutil/mongotest"
)

func TestStartServesMongoDB(t *testing.T) {
	s := mongotest.Start(t)
	require.NotZero(t, s.Port)
	name := s.NewDatabase(t, 3)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := s.Client(t).Database(name).Collection("items").CountDocuments(ctx, bson.D{})
	require.NoError(t, err)
	require.EqualValues(t, 3, n)
}
