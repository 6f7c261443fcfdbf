package totp

import (
	"bytes"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/vault"
)

// rfcSecret is the SHA-1 seed of RFC 6238 Appendix B, "12345678901234567890", in base32.
var rfcSecret = vault.NewSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")

// codeAt returns the code of step s for secret, computed independently of validate.
func codeAt(t *testing.T, secret vault.Secret, s Step) string {
	t.Helper()
	c, err := hotp.GenerateCodeCustom(secret.Reveal(), uint64(s), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	require.NoError(t, err)
	return c
}

func TestRFC6238Vectors(t *testing.T) {
	// RFC 6238 Appendix B gives 8-digit SHA-1 codes; the 6-digit code is their last 6 digits.
	tests := []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			now := time.Unix(tt.unix, 0)
			step, err := Validate(tt.code, rfcSecret, now)
			require.NoError(t, err)
			require.Equal(t, StepAt(now), step)
		})
	}
}

func TestStepAt(t *testing.T) {
	tests := []struct {
		unix int64
		want Step
	}{
		{0, 0}, {29, 0}, {30, 1}, {59, 1}, {60, 2}, {-1, -1}, {-30, -1}, {-31, -2},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, StepAt(time.Unix(tt.unix, 0)), tt.unix)
	}
}

func TestValidateWindow(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	cur := StepAt(now)
	tests := []struct {
		name string
		code string
		step Step
		err  error
	}{
		{"current", codeAt(t, rfcSecret, cur), cur, nil},
		{"previous", codeAt(t, rfcSecret, cur-1), cur - 1, nil},
		{"next", codeAt(t, rfcSecret, cur+1), cur + 1, nil},
		{"two back", codeAt(t, rfcSecret, cur-2), 0, ErrInvalidCode},
		{"two ahead", codeAt(t, rfcSecret, cur+2), 0, ErrInvalidCode},
		{"with a space", codeAt(t, rfcSecret, cur)[:3] + " " + codeAt(t, rfcSecret, cur)[3:], cur, nil},
		{"five digits", "12345", 0, ErrMalformedCode},
		{"seven digits", "1234567", 0, ErrMalformedCode},
		{"letters", "12345a", 0, ErrMalformedCode},
		{"unicode digits", "١٢٣٤٥٦", 0, ErrMalformedCode},
		{"empty", "", 0, ErrMalformedCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, err := Validate(tt.code, rfcSecret, now)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.step, step)
		})
	}
}

func TestValidateAfterRefusesReplays(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	cur := StepAt(now)
	code := codeAt(t, rfcSecret, cur)

	step, err := ValidateAfter(code, rfcSecret, now, 0)
	require.NoError(t, err)
	require.Equal(t, cur, step)

	_, err = ValidateAfter(code, rfcSecret, now.Add(10*time.Second), step)
	require.ErrorIs(t, err, ErrReplayed, "the same code again")

	_, err = ValidateAfter(codeAt(t, rfcSecret, cur-1), rfcSecret, now, step)
	require.ErrorIs(t, err, ErrReplayed, "an older code after a newer one")

	next, err := ValidateAfter(codeAt(t, rfcSecret, cur+1), rfcSecret, now.Add(Period), step)
	require.NoError(t, err, "the next code works")
	require.Equal(t, cur+1, next)

	_, err = ValidateAfter(wrongCode(t, rfcSecret, cur+1), rfcSecret, now.Add(Period), next)
	require.ErrorIs(t, err, ErrInvalidCode, "a wrong code is invalid, not replayed")
}

// wrongCode returns a well-formed code that matches no step in the window around cur.
func wrongCode(t *testing.T, secret vault.Secret, cur Step) string {
	t.Helper()
	window := map[string]bool{}
	for s := cur - Skew; s <= cur+Skew; s++ {
		window[codeAt(t, secret, s)] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if !window[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

func TestValidateRejectsBadSecrets(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	for name, s := range map[string]string{
		"empty":          "",
		"not base32":     "not base32 at all!",
		"too short":      "GEZDGNBVGY3TQOJQ", // 10 bytes
		"digits 0 and 1": "01010101010101010101010101010101",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Validate("123456", vault.NewSecret(s), now)
			require.ErrorIs(t, err, ErrMalformedSecret)
		})
	}
}

func TestGenerate(t *testing.T) {
	k, err := generate("alice", bytes.NewReader(bytes.Repeat([]byte{0xAB}, secretBytes)))
	require.NoError(t, err)
	require.Equal(t, "VOV2XK5LVOV2XK5LVOV2XK5LVOV2XK5L", k.Secret.Reveal())
	require.Equal(t, "***", k.Secret.String())
	require.Equal(t, "***", k.URL.String())

	u, err := url.Parse(k.URL.Reveal())
	require.NoError(t, err)
	require.Equal(t, "otpauth", u.Scheme)
	require.Equal(t, "totp", u.Host)
	require.Equal(t, "/DBackup:alice", u.Path)
	q := u.Query()
	require.Equal(t, "DBackup", q.Get("issuer"))
	require.Equal(t, k.Secret.Reveal(), q.Get("secret"))
	require.Equal(t, "SHA1", q.Get("algorithm"))
	require.Equal(t, "6", q.Get("digits"))
	require.Equal(t, "30", q.Get("period"))

	now := time.Unix(1_700_000_015, 0)
	step, err := Validate(codeAt(t, k.Secret, StepAt(now)), k.Secret, now)
	require.NoError(t, err)
	require.Equal(t, StepAt(now), step)
}

func TestGenerateUsesFreshSecrets(t *testing.T) {
	a, err := Generate("alice")
	require.NoError(t, err)
	b, err := Generate("alice")
	require.NoError(t, err)
	require.NotEqual(t, a.Secret.Reveal(), b.Secret.Reveal())
	require.Len(t, a.Secret.Reveal(), 32, "160 bits of base32")
}

func TestGenerateNeedsAnAccount(t *testing.T) {
	_, err := Generate("")
	require.ErrorIs(t, err, otp.ErrGenerateMissingAccountName)
}

func FuzzValidate(f *testing.F) {
	f.Add("287082", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", int64(59), int64(0))
	f.Add("12 34 56", "", int64(-1), int64(5))
	f.Fuzz(func(t *testing.T, code, secret string, unix, last int64) {
		now := time.Unix(unix, 0)
		step, err := ValidateAfter(code, vault.NewSecret(secret), now, Step(last))
		if err != nil {
			for _, want := range []error{ErrMalformedCode, ErrInvalidCode, ErrReplayed, ErrMalformedSecret} {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		require.Greater(t, step, Step(last))
		require.LessOrEqual(t, step-StepAt(now), Step(Skew))
		require.LessOrEqual(t, StepAt(now)-step, Step(Skew))
	})
}
