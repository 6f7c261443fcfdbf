package password

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/vault"
)

// referencePHC was produced by the argon2 reference implementation (phc-winner-argon2, Debian
// package argon2):
//
//	echo -n "correct horse battery staple" | argon2 saltsaltsaltsalt -id -t 3 -k 65536 -p 2 -l 32 -e
const referencePHC = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$qie54+IvXCT/C6ByRYKGNAZGg0sxeR/8LT3gdIvqGyU"

var staple = vault.NewSecret("correct horse battery staple")

// cheap are small parameters for tests that are not about the cost.
var cheap = params{memory: 64, time: 1, threads: 1, saltLen: saltLen, keyLen: keyLen}

func TestHashMatchesTheReferenceImplementation(t *testing.T) {
	got, err := hashWith(staple, current, strings.NewReader("saltsaltsaltsalt"))
	require.NoError(t, err)
	require.Equal(t, referencePHC, got)

	ok, rehash, err := Verify(staple, referencePHC)
	require.NoError(t, err)
	require.True(t, ok)
	require.False(t, rehash)
}

func TestHashRoundTrip(t *testing.T) {
	pw := vault.NewSecret("a long enough passphrase")
	h, err := Hash(pw)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$"), h)
	require.NotContains(t, h, pw.Reveal())

	ok, rehash, err := Verify(pw, h)
	require.NoError(t, err)
	require.True(t, ok)
	require.False(t, rehash)
}

func TestEachHashHasItsOwnSalt(t *testing.T) {
	a, err := hashWith(staple, cheap, rand.Reader)
	require.NoError(t, err)
	b, err := hashWith(staple, cheap, rand.Reader)
	require.NoError(t, err)
	require.NotEqual(t, a, b)
}

func TestVerifyRefusesOtherPasswords(t *testing.T) {
	h, err := hashWith(staple, cheap, bytes.NewReader(make([]byte, saltLen)))
	require.NoError(t, err)
	for _, pw := range []string{"", "correct horse battery stapl", "correct horse battery staple ", "Correct horse battery staple"} {
		ok, rehash, err := Verify(vault.NewSecret(pw), h)
		require.NoError(t, err, pw)
		require.False(t, ok, pw)
		require.False(t, rehash, "a failed verification never asks for a rehash")
	}
}

func TestEmptyPasswordHashes(t *testing.T) {
	h, err := hashWith(vault.Secret{}, cheap, bytes.NewReader(make([]byte, saltLen)))
	require.NoError(t, err)
	ok, _, err := Verify(vault.NewSecret(""), h)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestWeakerThan(t *testing.T) {
	tests := []struct {
		name string
		p    params
		want bool
	}{
		{"current", current, false},
		{"less memory", params{memory: 19 * 1024, time: 3, threads: 2, saltLen: 16, keyLen: 32}, true},
		{"fewer iterations", params{memory: memoryKiB, time: 2, threads: 2, saltLen: 16, keyLen: 32}, true},
		{"shorter salt", params{memory: memoryKiB, time: 3, threads: 2, saltLen: 8, keyLen: 32}, true},
		{"shorter hash", params{memory: memoryKiB, time: 3, threads: 2, saltLen: 16, keyLen: 16}, true},
		{"other lanes are not weaker", params{memory: memoryKiB, time: 3, threads: 1, saltLen: 16, keyLen: 32}, false},
		{"stronger", params{memory: 2 * memoryKiB, time: 4, threads: 4, saltLen: 32, keyLen: 64}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { require.Equal(t, tt.want, tt.p.weakerThan(current)) })
	}
}

func TestVerifyAsksToRehashWeakHashes(t *testing.T) {
	h, err := hashWith(staple, cheap, rand.Reader)
	require.NoError(t, err)
	ok, rehash, err := Verify(staple, h)
	require.NoError(t, err)
	require.True(t, ok)
	require.True(t, rehash)
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	const salt, sum = "c2FsdHNhbHRzYWx0c2FsdA", "qie54+IvXCT/C6ByRYKGNAZGg0sxeR/8LT3gdIvqGyU"
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"bcrypt", "$2b$10$abcdefghijklmnopqrstuuO6V0nX6Q0j5Qm8FZ7Z3u4C1pX9eY8b2"},
		{"argon2i", "$argon2i$v=19$m=65536,t=3,p=2$" + salt + "$" + sum},
		{"argon2d", "$argon2d$v=19$m=65536,t=3,p=2$" + salt + "$" + sum},
		{"old version", "$argon2id$v=16$m=65536,t=3,p=2$" + salt + "$" + sum},
		{"no version", "$argon2id$m=65536,t=3,p=2$" + salt + "$" + sum},
		{"no leading dollar", "argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + sum},
		{"trailing dollar", referencePHC + "$"},
		{"params reordered", "$argon2id$v=19$t=3,m=65536,p=2$" + salt + "$" + sum},
		{"param missing", "$argon2id$v=19$m=65536,t=3$" + salt + "$" + sum},
		{"extra param", "$argon2id$v=19$m=65536,t=3,p=2,k=1$" + salt + "$" + sum},
		{"leading zero", "$argon2id$v=19$m=065536,t=3,p=2$" + salt + "$" + sum},
		{"plus sign", "$argon2id$v=19$m=+65536,t=3,p=2$" + salt + "$" + sum},
		{"negative", "$argon2id$v=19$m=65536,t=-3,p=2$" + salt + "$" + sum},
		{"zero time", "$argon2id$v=19$m=65536,t=0,p=2$" + salt + "$" + sum},
		{"zero lanes", "$argon2id$v=19$m=65536,t=3,p=0$" + salt + "$" + sum},
		{"huge memory", "$argon2id$v=19$m=4194304,t=3,p=2$" + salt + "$" + sum},
		{"overflowing memory", "$argon2id$v=19$m=99999999999,t=3,p=2$" + salt + "$" + sum},
		{"huge time", "$argon2id$v=19$m=65536,t=1000,p=2$" + salt + "$" + sum},
		{"too many lanes", "$argon2id$v=19$m=65536,t=3,p=255$" + salt + "$" + sum},
		{"memory below 8 KiB per lane", "$argon2id$v=19$m=15,t=3,p=2$" + salt + "$" + sum},
		{"padded salt", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "==$" + sum},
		{"url base64", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + strings.NewReplacer("+", "-", "/", "_").Replace(sum)},
		{"non-canonical base64", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + sum[:len(sum)-1] + "V"},
		{"short salt", "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$" + sum},
		{"short hash", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$qie54+IvXCT/C6ByRYKG"},
		{"empty hash", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$"},
		{"space", referencePHC + " "},
		{"line break in the hash", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + sum[:20] + "\r\n" + sum[20:]},
		{"line break in the salt", "$argon2id$v=19$m=65536,t=3,p=2$" + salt[:10] + "\n" + salt[10:] + "$" + sum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := Verify(staple, tt.in)
			require.ErrorIs(t, err, ErrMalformedHash)
			require.False(t, ok)
			require.False(t, rehash)
		})
	}
}

func TestHashFailsWhenRandomnessFails(t *testing.T) {
	_, err := hashWith(staple, cheap, strings.NewReader("short"))
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestConcurrentVerifyIsBoundedAndCorrect(t *testing.T) {
	h, err := hashWith(staple, cheap, bytes.NewReader(make([]byte, saltLen)))
	require.NoError(t, err)
	var wg sync.WaitGroup
	results := make([]bool, 4*maxConcurrent)
	for i := range results {
		wg.Go(func() {
			pw := staple
			if i%2 == 1 {
				pw = vault.NewSecret("wrong")
			}
			ok, _, err := Verify(pw, h)
			require.NoError(t, err)
			results[i] = ok
		})
	}
	wg.Wait()
	for i, ok := range results {
		require.Equal(t, i%2 == 0, ok, i)
	}
	require.Empty(t, slots, "every slot is released")
}

func FuzzParsePHC(f *testing.F) {
	f.Add(referencePHC)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err != nil {
			require.ErrorIs(t, err, ErrMalformedHash)
			return
		}
		require.Equal(t, s, h.format(), "a parsed hash has exactly one spelling")
		require.LessOrEqual(t, h.memory, uint32(maxMemoryKiB))
		require.LessOrEqual(t, h.time, uint32(maxIterations))
		require.GreaterOrEqual(t, h.threads, uint8(1))
	})
}

func BenchmarkHash(b *testing.B) {
	pw := vault.NewSecret("correct horse battery staple")
	for b.Loop() {
		if _, err := Hash(pw); err != nil {
			b.Fatal(err)
		}
	}
}
