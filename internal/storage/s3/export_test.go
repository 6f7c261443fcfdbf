package s3

import "testing"

// SetCopyLimits lowers the size above which RecordChecksum copies part by part, and the part
// size, for the rest of t, so that the multipart copy runs on small objects.
func SetCopyLimits(t *testing.T, threshold, partSize int64) {
	oldThreshold, oldPartSize := copyThreshold, copyPartSize
	copyThreshold, copyPartSize = threshold, partSize
	t.Cleanup(func() { copyThreshold, copyPartSize = oldThreshold, oldPartSize })
}
