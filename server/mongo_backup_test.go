package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/testutil/mongotest"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
)

// mongoDocs returns every document of db.items, in _id order, as text.
func mongoDocs(t *testing.T, srv *mongotest.Server, db string) string {
	c := srv.Client(t)
	cur, err := c.Database(db).Collection("items").Find(context.Background(), bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	require.NoError(t, err)
	var docs []bson.D
	require.NoError(t, cur.All(context.Background(), &docs))
	return fmt.Sprint(len(docs), docs)
}

// TestMongoBackupThroughLocalS3AndSFTP backs up a MongoDB database (FerretDB) natively to a
// local folder, S3 and SFTP at once, encrypted, and restores each copy under a new name.
func TestMongoBackupThroughLocalS3AndSFTP(t *testing.T) {
	mongo := mongotest.Start(t)
	gw := s3test.Start(t)
	sftpSrv := sftptest.New(t)
	secret(sftpSrv.Password)
	e := newBackupEnv(t)
	db := mongo.NewDatabase(t, 300)
	want := mongoDocs(t, mongo, db)

	src := e.do(createSourceOp, map[string]any{"in": map[string]any{"name": "mongo", "engine": "mongodb",
		"settings": kv(map[string]string{"host": mongo.Host, "port": fmt.Sprint(mongo.Port)})}}, "createSource")["id"].(string)
	sftpDest := e.do(createDestOp, map[string]any{"in": map[string]any{"name": "sftp", "kind": "sftp",
		"settings": kv(map[string]string{"host": sftpSrv.Host, "port": fmt.Sprint(sftpSrv.Port), "username": sftpSrv.User,
			"path": "/", "host_key_fingerprint": sftpSrv.HostKeyFingerprint}),
		"secrets": kv(map[string]string{"password": sftpSrv.Password})}}, "createDestination")["id"].(string)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")["id"].(string)
	exe := e.run(e.job("mongo", src, []string{db}, profile, e.localDest("disk", t.TempDir()), e.s3Dest("s3", gw), sftpDest))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	bs := backupsOf(exe)
	require.Len(t, bs, 3)
	for i, b := range bs {
		target := fmt.Sprintf("%s_restored_%d", db, i)
		t.Cleanup(func() { _ = mongo.Client(t).Database(target).Drop(context.Background()) })
		res := e.restore(b["id"].(string), src, map[string]string{db: target})
		require.Equal(t, "SUCCESS", res["status"], "%v from %v", res, b["destination"])
		require.Equal(t, want, mongoDocs(t, mongo, target), "restored from %v", b["destination"])
	}
}
