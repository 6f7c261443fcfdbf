package pulid

import (
	"crypto/rand"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID is a prefixed ULID such as "set_01JDQ3Z6V6T2G4F2A7Q2M9KXHB".
type ID string

// Separator stands between the type prefix and the ULID.
const Separator = "_"

// entropy is the randomness source for new IDs; tests may replace it to pin IDs.
var entropy io.Reader = rand.Reader

// New returns a fresh ID with the given prefix, ordered by creation time.
func New(prefix string) ID {
	return ID(prefix + Separator + ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String())
}

// Prefix returns the type prefix of id, or "" when id has none.
func (id ID) Prefix() string {
	p, _, ok := strings.Cut(string(id), Separator)
	if !ok {
		return ""
	}
	return p
}

// Validate reports whether id has a prefix and a well-formed ULID.
func (id ID) Validate() error {
	p, u, ok := strings.Cut(string(id), Separator)
	if !ok || p == "" {
		return fmt.Errorf("id %q: want PREFIX_ULID", string(id))
	}
	if _, err := ulid.ParseStrict(u); err != nil {
		return fmt.Errorf("id %q: %w", string(id), err)
	}
	return nil
}

// Scan implements sql.Scanner.
func (id *ID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*id = ""
	case string:
		*id = ID(v)
	case []byte:
		*id = ID(v)
	default:
		return fmt.Errorf("pulid: cannot scan %T", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (id ID) Value() (driver.Value, error) { return string(id), nil }

// UnmarshalGQL implements graphql.Unmarshaler for the GraphQL ID scalar.
func (id *ID) UnmarshalGQL(v any) error {
	switch s := v.(type) {
	case string:
		*id = ID(s)
	case ID: // ent's generated node resolver passes IDs through here too
		*id = s
	default:
		return fmt.Errorf("id must be a string, got %T", v)
	}
	return nil
}

// MarshalGQL implements graphql.Marshaler for the GraphQL ID scalar.
func (id ID) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(id)))
}
