package vault

import (
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
)

// redacted is what every printed or encoded Secret shows.
const redacted = "***"

// Secret holds a plaintext secret in memory (a password, an access key, an opened value) so that
// it cannot leak through logging: String, GoString, Format (every verb), MarshalJSON,
// MarshalText and LogValue all give "***". Reveal returns the value.
//
// The value sits behind a pointer so that fmt, which cannot call methods on unexported fields,
// prints an address rather than the value when a Secret is an unexported field of a struct.
// The zero Secret is the empty secret.
type Secret struct{ p *string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{p: &s} }

// Reveal returns the secret. Search for it when auditing where secrets go.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsEmpty reports whether the secret is the empty string.
func (s Secret) IsEmpty() bool { return s.Reveal() == "" }

// Equal compares two secrets in constant time (for equal lengths).
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(o.Reveal())) == 1
}

// String returns "***".
func (s Secret) String() string { return redacted }

// GoString returns "***".
func (s Secret) GoString() string { return redacted }

// Format prints "***" for every verb, including %x and %q.
func (s Secret) Format(f fmt.State, _ rune) { io.WriteString(f, redacted) }

// MarshalJSON returns the JSON string "***".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText returns "***".
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue returns "***", for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }
