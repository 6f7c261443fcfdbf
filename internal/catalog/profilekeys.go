package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/encryptionprofile"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// CandidateKey is one Encryption Profile's opened key, offered to a file that names no key id.
type CandidateKey struct {
	ProfileID   pulid.ID
	ProfileName string
	Key         vault.Key
}

// ProfileKeys opens the key of every Encryption Profile, for files that carry no key id (the
// seed product's backups, whose sidecar names only the seed's profile id): the profile whose id
// is preferID first, then the others, oldest first. It reads the profiles privileged; callers
// have checked the permission of the operation that needs the keys. Keys that do not open
// (sealed under another ENCRYPTION_KEY) are left out; when none opens, the first such failure
// is returned with no keys, so the caller can report ENCRYPTION_KEY_MISMATCH instead of a
// missing key.
func (s *Service) ProfileKeys(ctx context.Context, preferID string) ([]CandidateKey, error) {
	rows, err := s.client.EncryptionProfile.Query().Order(ent.Asc(encryptionprofile.FieldCreateTime), ent.Asc(encryptionprofile.FieldID)).All(viewer.Privileged(ctx))
	if err != nil {
		return nil, fmt.Errorf("list encryption profiles: %w", err)
	}
	slices.SortStableFunc(rows, func(a, b *ent.EncryptionProfile) int {
		pa, pb := string(a.ID) == preferID, string(b.ID) == preferID
		switch {
		case pa && !pb:
			return -1
		case pb && !pa:
			return 1
		}
		return 0
	})
	var out []CandidateKey
	var firstErr error
	for _, p := range rows {
		k, err := s.ProfileKey(p)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		out = append(out, CandidateKey{ProfileID: p.ID, ProfileName: p.Name, Key: k})
	}
	if len(out) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
