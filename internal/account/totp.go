package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/totp"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// BeginTOTP starts a two-factor enrolment: it stores a new TOTP secret (sealed) without turning
// two-factor sign-in on, and returns the secret and its otpauth:// URL to show once, as a QR
// code. EnableTOTP turns it on with a first code. A pending enrolment is replaced.
func (s *Service) BeginTOTP(ctx context.Context, userID pulid.ID) (secret, otpauthURL vault.Secret, err error) {
	ctx = viewer.Privileged(ctx)
	u, err := s.user(ctx, s.client, userID)
	if err != nil {
		return vault.Secret{}, vault.Secret{}, err
	}
	if u.TotpEnabled {
		return vault.Secret{}, vault.Secret{}, ErrTOTPEnabled
	}
	key, err := totp.Generate(u.Username)
	if err != nil {
		return vault.Secret{}, vault.Secret{}, err
	}
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.User.UpdateOneID(userID).Where(user.TotpEnabled(false)).
			SetTotpSecret(key.Secret.Reveal()).ClearTotpLastStep().ClearRecoveryCodes().Exec(ctx)
		switch {
		case ent.IsNotFound(err):
			return ErrTOTPEnabled // enabled since the check above
		case err != nil:
			return fmt.Errorf("store TOTP secret of %s: %w", userID, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionTOTPBegin, entityType: entityUser, entityID: string(userID),
			fields: []string{user.FieldTotpSecret, user.FieldTotpLastStep, user.FieldRecoveryCodes},
		})
	})
	if err != nil {
		return vault.Secret{}, vault.Secret{}, err
	}
	return key.Secret, key.URL, nil
}

// EnableTOTP turns two-factor sign-in on once code, from the authenticator app, matches the
// pending secret, and returns new recovery codes to show once. Their hashes are stored sealed.
// A wrong code fails with totp's ErrInvalidCode or ErrMalformedCode and changes nothing.
func (s *Service) EnableTOTP(ctx context.Context, userID pulid.ID, code string) (recoveryCodes []string, err error) {
	ctx = viewer.Privileged(ctx)
	u, err := s.user(ctx, s.client, userID)
	if err != nil {
		return nil, err
	}
	switch {
	case u.TotpEnabled:
		return nil, ErrTOTPEnabled
	case u.TotpSecret == "":
		return nil, ErrTOTPNotStarted
	}
	secret, err := entvault.Open(s.kr, user.Table, user.FieldTotpSecret, u.ID, u.TotpSecret)
	if err != nil {
		return nil, fmt.Errorf("enable two-factor sign-in: %w", err)
	}
	step, err := totp.ValidateAfter(code, secret, s.now(), totp.Step(u.TotpLastStep))
	if err != nil {
		return nil, fmt.Errorf("enable two-factor sign-in: %w", err)
	}
	codes, hashes, err := totp.NewRecoveryCodes(totp.RecoveryCodeCount)
	if err != nil {
		return nil, err
	}
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.User.UpdateOneID(userID).Where(user.TotpEnabled(false), user.TotpSecret(u.TotpSecret)).
			SetTotpEnabled(true).SetTotpLastStep(int64(step)).SetRecoveryCodes(strings.Join(hashes, "\n")).Exec(ctx)
		switch {
		case ent.IsNotFound(err):
			return ErrTOTPNotStarted // the enrolment changed since the check above
		case err != nil:
			return fmt.Errorf("enable two-factor sign-in of %s: %w", userID, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionTOTPEnable, entityType: entityUser, entityID: string(userID),
			fields: []string{user.FieldTotpEnabled, user.FieldTotpLastStep, user.FieldRecoveryCodes},
		})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns two-factor sign-in off and forgets the secret and the recovery codes. It
// serves both the user and an administrator resetting a lost device; the caller checks who may.
func (s *Service) DisableTOTP(ctx context.Context, userID pulid.ID) error {
	return s.disableTOTP(viewer.Privileged(ctx), userID, ActionTOTPDisable)
}

func (s *Service) disableTOTP(ctx context.Context, userID pulid.ID, action string) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.User.UpdateOneID(userID).SetTotpEnabled(false).
			ClearTotpSecret().ClearTotpLastStep().ClearRecoveryCodes().Exec(ctx)
		switch {
		case ent.IsNotFound(err):
			return notFound("user", userID)
		case err != nil:
			return fmt.Errorf("disable two-factor sign-in of %s: %w", userID, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: action, entityType: entityUser, entityID: string(userID),
			fields: []string{user.FieldTotpEnabled, user.FieldTotpSecret, user.FieldTotpLastStep, user.FieldRecoveryCodes},
		})
	})
}

// user loads a user, or ErrNotFound.
func (s *Service) user(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.User, error) {
	u, err := c.User.Get(ctx, id)
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("user", id)
	case err != nil:
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	return u, nil
}
