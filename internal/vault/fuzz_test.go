package vault

import (
	"bytes"
	"testing"
)

// fuzzRand gives the fuzz keyring fixed nonces, so its seeds are the same on every run.
type fuzzRand struct{}

func (fuzzRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

// FuzzParse checks that Parse never panics and accepts only canonical text: whatever it accepts
// it encodes back to the same string, so one value has exactly one stored form.
func FuzzParse(f *testing.F) {
	kr := testKeyring(f, 0)
	for _, plain := range []string{"", "hunter2", string(make([]byte, 100))} {
		s, err := kr.Seal([]byte(plain), here)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	for _, s := range []string{"", "hunter2", "dbk1..", "dbk2.0123456789abcdef.AAAA", "dbk1.0123456789abcdef.=", "dbk1.0123456789abcdef.A\nA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		if out := s.String(); out != in {
			t.Fatalf("Parse accepted a non-canonical form: %q encodes back as %q", in, out)
		}
		if len(s.Payload) < NonceSize+TagSize || s.Version != Version || len(s.KeyID) != KeyIDLen {
			t.Fatalf("Parse accepted an invalid value: %+v", s)
		}
	})
}

// FuzzOpen checks that Open never panics and opens nothing but what the keyring sealed for that
// exact place.
func FuzzOpen(f *testing.F) {
	kr := testKeyring(f, 0, 0x20).WithRand(fuzzRand{})
	old := testKeyring(f, 0x20).WithRand(fuzzRand{})
	type seed struct {
		plain string
		p     Place
		by    *Keyring
	}
	seeds := []seed{{"hunter2", here, kr}, {"", here, kr}, {"old secret", Place{"destinations", "secret_access_key", "dst_1"}, old}}
	sealed := map[string]seed{}
	for _, sd := range seeds {
		s, err := sd.by.Seal([]byte(sd.plain), sd.p)
		if err != nil {
			f.Fatal(err)
		}
		sealed[s] = sd
		f.Add(s, sd.p.Table, sd.p.Column, sd.p.RowID)
	}
	f.Add("hunter2", "t", "c", "1")
	f.Fuzz(func(t *testing.T, in, table, column, rowID string) {
		p := Place{Table: table, Column: column, RowID: rowID}
		got, err := kr.Open(in, p)
		if err != nil {
			return
		}
		sd, ok := sealed[in]
		if !ok || sd.p != p || !bytes.Equal(got, []byte(sd.plain)) {
			t.Fatalf("Open accepted %q at %v giving %q", in, p, got)
		}
		if _, _, err := kr.Reseal(in, p); err != nil {
			t.Fatalf("Reseal of an openable value failed: %v", err)
		}
	})
}
