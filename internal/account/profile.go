package account

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Profile is what a signed-in user sees of their own account.
type Profile struct {
	User *ent.User
	// Groups names the user's groups.
	Groups []string
	// RecoveryCodesLeft counts the unused recovery codes; 0 without two-factor sign-in.
	RecoveryCodesLeft int
}

// Profile returns the user's own account for the profile page.
func (s *Service) Profile(ctx context.Context, userID pulid.ID) (Profile, error) {
	ctx = viewer.Privileged(ctx)
	u, err := s.client.User.Query().Where(user.ID(userID)).WithGroups().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return Profile{}, notFound("user", userID)
	case err != nil:
		return Profile{}, fmt.Errorf("load profile of %s: %w", userID, err)
	}
	p := Profile{User: u, Groups: names(u.Edges.Groups)}
	if u.TotpEnabled {
		codes, err := s.recoveryHashes(u)
		if err != nil {
			return Profile{}, err
		}
		p.RecoveryCodesLeft = len(codes)
	}
	return p, nil
}
