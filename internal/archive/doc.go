// Package archive is the container of a backup of several databases of one source: a standard
// POSIX tar stream (USTAR headers) that goes between the dumps and the compressor, so that one
// streamed object holds every database.
//
// Dumps are streams of unknown length, and a tar header states its entry's size up front, so each
// dump is cut into parts of at most SegmentSize bytes, each its own entry
// ("databases/000-app/part-000001", ...), buffered one at a time: memory stays flat however
// large the dumps are. The last entry, manifest.json, lists every database with its original
// name, dump format, versions, size, SHA-256 and number of parts. An empty dump is one empty
// part. Standard tools open the result:
//
//	tar -xf backup.tar && cat databases/000-app/part-* > app.dump
//
// The Reader streams each dump back (Next) and, at the end, checks the archive against the
// manifest: sizes, digests, part counts, names, order, and that there is nothing else; every
// mismatch, truncation or malformed entry is ErrCorrupt. The format is specified in
// docs/archive-format.md.
//
// Writing:
//
//	w := archive.NewWriter(dst, "postgres")
//	for _, db := range databases {
//		dump, err := w.Create(db)
//		if err != nil {
//			return err
//		}
//		info, err := runDump(ctx, db, dump)
//		if err != nil {
//			return err
//		}
//		w.SetInfo(info.Format, info.ServerVersion, info.ToolVersion)
//	}
//	return w.Close() // writes manifest.json; without it the archive is corrupt
package archive
