package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/totp"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// LoginInput is a password sign-in. Password and the codes are secrets: they reach no log and
// no audit entry.
type LoginInput struct {
	Username string
	Password vault.Secret
	// TOTPCode is the authenticator app's code, for users with two-factor sign-in.
	TOTPCode string
	// RecoveryCode is one of the user's recovery codes, instead of TOTPCode; it works once.
	RecoveryCode string
	// IP and UserAgent describe the client, for the throttle, the session and the audit log.
	IP        string
	UserAgent string
}

// LoginResult is a successful sign-in.
type LoginResult struct {
	// Token is the session token for the cookie. It is stored only as its hash, and is never to
	// be logged or put in a page or URL.
	Token   string
	Session *ent.Session
	User    *ent.User
}

// Second factors, as recorded in the audit log.
const (
	factorNone     = "none"
	factorTOTP     = "totp"
	factorRecovery = "recovery_code"
)

// errCodeRace is a TOTP step or recovery code that a concurrent sign-in used first.
var errCodeRace = errors.New("code used by a concurrent sign-in")

// Login signs a user in with a password and, when enabled, a TOTP or recovery code, and
// creates a session. In order: the throttle (*ThrottledError, nothing checked); the password,
// where an unknown user and a wrong password both give ErrInvalidCredentials after the same
// argon2 work; a disabled user gives ErrDisabled; a user with two-factor sign-in and no code
// gives ErrTOTPRequired and no session; a wrong, replayed or used code gives
// ErrInvalidCredentials. Each failure is audited (auth.login.failed with the username and IP)
// and counted by the throttle; success is audited as auth.login. A hash made with weaker
// parameters than today's is replaced.
func (s *Service) Login(ctx context.Context, in LoginInput) (LoginResult, error) {
	ctx = viewer.Privileged(ctx)
	name := NormalizeUsername(in.Username)
	if ok, wait := s.opts.Throttle.Allow(in.IP, name, s.now()); !ok {
		return LoginResult{}, &ThrottledError{RetryAfter: wait}
	}
	u, err := s.client.User.Query().Where(user.Username(name)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return LoginResult{}, fmt.Errorf("sign in: look up user: %w", err)
	}
	if u == nil || u.PasswordHash == "" {
		s.verifyDummy(in.Password)
		return s.fail(ctx, in, name, u, "unknown user or no password", nil)
	}
	ok, rehash, err := password.Verify(in.Password, u.PasswordHash)
	switch {
	case err != nil:
		return s.fail(ctx, in, name, u, "stored password hash is malformed", nil)
	case !ok:
		return s.fail(ctx, in, name, u, "wrong password", nil)
	case u.Disabled:
		return s.fail(ctx, in, name, u, "user is disabled", ErrDisabled)
	}
	if allowed, err := s.localLoginAllowed(ctx, u); err != nil {
		return LoginResult{}, fmt.Errorf("sign in: %w", err)
	} else if !allowed {
		return s.fail(ctx, in, name, u, "password sign-in is for administrators only", ErrLocalLoginDisabled)
	}

	factor := factorNone
	var step totp.Step
	var remaining []string
	if u.TotpEnabled {
		switch {
		case strings.TrimSpace(in.TOTPCode) != "":
			secret, err := entvault.Open(s.kr, user.Table, user.FieldTotpSecret, u.ID, u.TotpSecret)
			if err != nil {
				return LoginResult{}, fmt.Errorf("sign in: %w", err)
			}
			step, err = totp.ValidateAfter(in.TOTPCode, secret, s.now(), totp.Step(u.TotpLastStep))
			if errors.Is(err, totp.ErrReplayed) {
				return s.fail(ctx, in, name, u, "TOTP code already used", fmt.Errorf("%w: %w", ErrInvalidCredentials, totp.ErrReplayed))
			}
			if err != nil {
				return s.fail(ctx, in, name, u, "wrong TOTP code", nil)
			}
			factor = factorTOTP
		case strings.TrimSpace(in.RecoveryCode) != "":
			hashes, err := s.recoveryHashes(u)
			if err != nil {
				return LoginResult{}, fmt.Errorf("sign in: %w", err)
			}
			var used bool
			if remaining, used = totp.UseRecoveryCode(in.RecoveryCode, hashes); !used {
				return s.fail(ctx, in, name, u, "wrong recovery code", nil)
			}
			factor = factorRecovery
		default:
			return LoginResult{}, ErrTOTPRequired
		}
	}

	plain, tokenHash, err := s.opts.Tokens.NewSessionToken()
	if err != nil {
		return LoginResult{}, fmt.Errorf("sign in: %w", err)
	}
	newHash := ""
	if rehash {
		if newHash, err = password.Hash(in.Password); err != nil {
			return LoginResult{}, fmt.Errorf("sign in: %w", err)
		}
	}
	now := s.now()
	var sess *ent.Session
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		if err := s.consumeFactor(ctx, tx, u, factor, step, remaining); err != nil {
			return err
		}
		upd := tx.User.UpdateOneID(u.ID).SetLastLoginAt(now)
		if newHash != "" {
			upd.SetPasswordHash(newHash)
		}
		var err error
		if u, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("record sign-in: %w", err)
		}
		if sess, err = s.createSession(ctx, tx, u, tokenHash, now, in.IP, in.UserAgent); err != nil {
			return err
		}
		details := map[string]any{"username": name, "session_id": string(sess.ID), "second_factor": factor}
		if factor == factorRecovery {
			details["recovery_codes_left"] = len(remaining)
		}
		fields := []string{user.FieldLastLoginAt}
		if newHash != "" {
			fields = append(fields, user.FieldPasswordHash)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionLogin, entityType: entityUser, entityID: string(u.ID),
			fields: fields, ip: in.IP, userAgent: in.UserAgent, details: details,
		})
	})
	if errors.Is(err, errCodeRace) {
		return s.fail(ctx, in, name, u, "code used by a concurrent sign-in", nil)
	}
	if err != nil {
		return LoginResult{}, fmt.Errorf("sign in: %w", err)
	}
	s.opts.Throttle.Succeed(name)
	return LoginResult{Token: plain, Session: sess, User: u}, nil
}

// createSession stores the session of a sign-in that just succeeded, by the hash of its token.
func (s *Service) createSession(ctx context.Context, tx *ent.Tx, u *ent.User, tokenHash string, now time.Time, ip, userAgent string) (*ent.Session, error) {
	sess, err := tx.Session.Create().SetUser(u).SetTokenHash(tokenHash).
		SetExpiresAt(now.Add(s.opts.SessionLifetime)).SetLastSeenAt(now).
		SetIP(audit.Clip(ip)).SetUserAgent(audit.Clip(userAgent)).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	return sess, nil
}

// consumeFactor records the second factor in tx so that it cannot be used again: the TOTP step
// moves forward, or the recovery code leaves the list. Both are compare-and-set, so two
// concurrent sign-ins with one code cannot both succeed (errCodeRace).
func (s *Service) consumeFactor(ctx context.Context, tx *ent.Tx, u *ent.User, factor string, step totp.Step, remaining []string) error {
	switch factor {
	case factorTOTP:
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.Or(user.TotpLastStepIsNil(), user.TotpLastStepLT(int64(step)))).
			SetTotpLastStep(int64(step)).Save(ctx)
		if err != nil {
			return fmt.Errorf("record TOTP step: %w", err)
		}
		if n == 0 {
			return errCodeRace
		}
	case factorRecovery:
		upd := tx.User.UpdateOneID(u.ID).Where(user.RecoveryCodes(u.RecoveryCodes))
		if len(remaining) == 0 {
			upd.ClearRecoveryCodes()
		} else {
			upd.SetRecoveryCodes(strings.Join(remaining, "\n"))
		}
		err := upd.Exec(ctx)
		if ent.IsNotFound(err) {
			return errCodeRace
		}
		if err != nil {
			return fmt.Errorf("use recovery code: %w", err)
		}
	}
	return nil
}

// fail records a failed sign-in: the throttle counts it (unless the password was right, as for
// a disabled user or one refused password sign-in), and an audit entry names the username, the IP and why, never the password.
// It returns err, or ErrInvalidCredentials.
func (s *Service) fail(ctx context.Context, in LoginInput, name string, u *ent.User, reason string, err error) (LoginResult, error) {
	if err == nil {
		err = ErrInvalidCredentials
	}
	if !errors.Is(err, ErrDisabled) && !errors.Is(err, ErrLocalLoginDisabled) {
		s.opts.Throttle.Fail(name, s.now())
	}
	e := event{
		action: ActionLoginFailed, ip: in.IP, userAgent: in.UserAgent,
		details: map[string]any{"username": audit.Clip(name), "reason": reason},
	}
	if u != nil {
		e.entityType, e.entityID = entityUser, string(u.ID)
	}
	if aerr := s.audit(ctx, s.client, e); aerr != nil {
		return LoginResult{}, fmt.Errorf("sign in: %w", aerr)
	}
	return LoginResult{}, err
}

// verifyDummy spends the same argon2 work as a real check, so that an unknown username cannot
// be told from a wrong password by the time the answer takes.
func (s *Service) verifyDummy(pw vault.Secret) {
	s.dummyOnce.Do(func() {
		plain, _, err := s.opts.Tokens.NewSessionToken()
		if err == nil {
			s.dummyHash, _ = password.Hash(vault.NewSecret(plain))
		}
	})
	_, _, _ = password.Verify(pw, s.dummyHash)
}

// recoveryHashes opens the user's list of unused recovery code hashes; none is an empty list.
func (s *Service) recoveryHashes(u *ent.User) ([]string, error) {
	list, err := entvault.Open(s.kr, user.Table, user.FieldRecoveryCodes, u.ID, u.RecoveryCodes)
	if errors.Is(err, vault.ErrEmpty) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return strings.Split(list.Reveal(), "\n"), nil
}
