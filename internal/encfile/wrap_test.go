package encfile

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

func TestRewrapOpensWithNewKeyOnly(t *testing.T) {
	plain, file := smallFile(t)
	k1, k2, k3 := testKey(0), testKey(0x20), testKey(0x40)
	h, err := ParseHeader(file)
	require.NoError(t, err)

	w2, err := Rewrap(h, k1, k2)
	require.NoError(t, err)
	require.Equal(t, vault.KeyID(k2), w2.KeyID)

	// The new key opens the file through the extra wrap, and only through it.
	r, err := NewReader(bytes.NewReader(file), Keys(k2), w2)
	require.NoError(t, err)
	require.Equal(t, vault.KeyID(k2), r.KeyID())
	got, err := readAll(r)
	require.NoError(t, err)
	require.Equal(t, plain, got)

	_, err = decrypt(file, Keys(k2))
	var unknown *UnknownKeyError
	require.ErrorAs(t, err, &unknown)
	_, err = decrypt(file, Keys(k3), w2)
	require.ErrorAs(t, err, &unknown)
	require.Equal(t, vault.KeyID(k1), unknown.KeyID)
	require.Equal(t, []string{vault.KeyID(k2)}, unknown.Alternatives)
	require.Contains(t, err.Error(), vault.KeyID(k2))

	// The old key still opens the file through the header, with or without the extra wrap.
	r, err = NewReader(bytes.NewReader(file), Keys(k1), w2)
	require.NoError(t, err)
	require.Equal(t, vault.KeyID(k1), r.KeyID())

	// A second rotation starts from the extra wrap.
	w3, err := Rewrap(h, k2, k3, w2)
	require.NoError(t, err)
	got, err = decrypt(file, Keys(k3), w2, w3)
	require.NoError(t, err)
	require.Equal(t, plain, got)

	// A key that opens none of the wraps cannot rewrap.
	_, err = Rewrap(h, k3, k2)
	require.ErrorIs(t, err, ErrWrongKey)
	_, err = Rewrap(Header{}, k1, k2)
	require.ErrorIs(t, err, ErrHeader)
	_, err = Rewrap(h, k1, vault.Key{})
	require.ErrorIs(t, err, vault.ErrInvalidKey)
}

func TestWrapIsBoundToItsFile(t *testing.T) {
	plain, file := smallFile(t)
	k1, k2 := testKey(0), testKey(0x20)
	other := encrypt(t, plain, k1, smallChunk, 99)
	oh, err := ParseHeader(other)
	require.NoError(t, err)
	wOther, err := Rewrap(oh, k1, k2)
	require.NoError(t, err)
	_, err = decrypt(file, Keys(k2), wOther)
	require.ErrorIs(t, err, ErrWrongKey)

	// A damaged extra wrap does not open either.
	h, err := ParseHeader(file)
	require.NoError(t, err)
	w2, err := Rewrap(h, k1, k2)
	require.NoError(t, err)
	for i := range w2.Key {
		bad := w2
		bad.Key[i] ^= 0x10
		_, err = decrypt(file, Keys(k2), bad)
		require.ErrorIs(t, err, ErrWrongKey)
	}
	bad := w2
	bad.Nonce[0] ^= 1
	_, err = decrypt(file, Keys(k2), bad)
	require.ErrorIs(t, err, ErrWrongKey)
	// A wrap relabelled with another key id: that key does not open it.
	bad = w2
	bad.KeyID = vault.KeyID(testKey(0x40))
	_, err = decrypt(file, Keys(testKey(0x40)), bad)
	require.ErrorIs(t, err, ErrWrongKey)
	// Key lookups go through the extra wraps when the header's key is unknown.
	_, err = decrypt(file, KeyLookupFunc(func(kid string) (vault.Key, error) {
		if kid == vault.KeyID(k1) {
			return vault.Key{}, &UnknownKeyError{KeyID: kid}
		}
		return k2, nil
	}), w2)
	require.NoError(t, err)
	_, err = decrypt(file, Keys(k2), Wrap{KeyID: "not a key id"})
	require.ErrorIs(t, err, ErrMalformedWrap)
}

func TestWrapJSON(t *testing.T) {
	_, file := smallFile(t)
	h, err := ParseHeader(file)
	require.NoError(t, err)
	w := h.Wrap()
	b, err := json.Marshal(w)
	require.NoError(t, err)
	require.Regexp(t, `^\{"alg":"A256GCM","kid":"[0-9a-f]{16}","nonce":"[0-9a-f]{24}","wrapped_key":"[0-9a-f]{96}"\}$`, string(b))
	var back Wrap
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, w, back)

	// In a sidecar, wraps are a list.
	var list []Wrap
	require.NoError(t, json.Unmarshal([]byte("["+string(b)+","+string(b)+"]"), &list))
	require.Equal(t, []Wrap{w, w}, list)

	good := map[string]any{}
	require.NoError(t, json.Unmarshal(b, &good))
	bad := map[string]func(m map[string]any){
		"alg missing":         func(m map[string]any) { delete(m, "alg") },
		"other alg":           func(m map[string]any) { m["alg"] = "X25519" },
		"kid upper case":      func(m map[string]any) { m["kid"] = strings.ToUpper(m["kid"].(string)) },
		"kid short":           func(m map[string]any) { m["kid"] = m["kid"].(string)[:15] },
		"kid missing":         func(m map[string]any) { delete(m, "kid") },
		"nonce short":         func(m map[string]any) { m["nonce"] = m["nonce"].(string)[:22] },
		"nonce upper case":    func(m map[string]any) { m["nonce"] = strings.ToUpper(m["nonce"].(string)) },
		"nonce base64":        func(m map[string]any) { m["nonce"] = "AAECAwQFBgcICQoL" },
		"wrapped_key long":    func(m map[string]any) { m["wrapped_key"] = m["wrapped_key"].(string) + "00" },
		"wrapped_key not hex": func(m map[string]any) { m["wrapped_key"] = strings.Repeat("zz", WrappedKeySize) },
		"wrapped_key number":  func(m map[string]any) { m["wrapped_key"] = 5 },
	}
	for name, edit := range bad {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		edit(m)
		in, err := json.Marshal(m)
		require.NoError(t, err)
		var got Wrap
		require.ErrorIs(t, json.Unmarshal(in, &got), ErrMalformedWrap, name)
		require.Equal(t, Wrap{}, got, name)
	}
	var got Wrap
	require.ErrorIs(t, got.UnmarshalJSON([]byte("{")), ErrMalformedWrap)
	// Unknown fields are ignored, so a later sidecar can annotate wraps.
	require.NoError(t, json.Unmarshal([]byte(strings.Replace(string(b), "{", `{"note":"escrow",`, 1)), &got))
	require.Equal(t, w, got)

	_, err = json.Marshal(Wrap{KeyID: "nope"})
	require.ErrorIs(t, err, ErrMalformedWrap)
}

func readAll(r *Reader) ([]byte, error) {
	var b bytes.Buffer
	_, err := r.WriteTo(&b)
	return b.Bytes(), err
}
