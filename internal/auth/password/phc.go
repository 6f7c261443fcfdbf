package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is returned by Verify when the stored value is not an argon2id PHC string
// it can check: another algorithm, another argon2 version, a parse error, or parameters outside
// the accepted bounds.
var ErrMalformedHash = errors.New("malformed password hash")

// phcID is the PHC identifier of argon2id.
const phcID = "argon2id"

// b64 is the PHC string's base64: standard alphabet, no padding, and Strict so that every
// value has exactly one encoding.
var b64 = base64.RawStdEncoding.Strict()

// phc is a parsed PHC string.
type phc struct {
	params
	salt []byte
	hash []byte
}

// format returns the PHC string of h.
func (h phc) format() string {
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s", phcID, argon2.Version,
		h.memory, h.time, h.threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.hash))
}

// malformed returns an ErrMalformedHash that says what is wrong, never the value itself.
func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, a...))
}

// parsePHC parses s strictly: exactly the form format produces, with parameters within bounds.
func parsePHC(s string) (phc, error) {
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" {
		return phc{}, malformed("want $argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>")
	}
	if fields[1] != phcID {
		return phc{}, malformed("algorithm is not %s", phcID)
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, malformed("argon2 version is not %d", argon2.Version)
	}
	var h phc
	var err error
	ps := strings.Split(fields[3], ",")
	if len(ps) != 3 {
		return phc{}, malformed("want parameters m=…,t=…,p=…")
	}
	if h.memory, err = parseParam(ps[0], "m", maxMemoryKiB); err != nil {
		return phc{}, err
	}
	if h.time, err = parseParam(ps[1], "t", maxIterations); err != nil {
		return phc{}, err
	}
	threads, err := parseParam(ps[2], "p", maxParallelism)
	if err != nil {
		return phc{}, err
	}
	h.threads = uint8(threads)
	if h.memory < 8*threads { // argon2 needs at least 8 KiB per lane
		return phc{}, malformed("m is below 8 KiB per lane")
	}
	if h.salt, err = decodeB64(fields[4]); err != nil || len(h.salt) < minSaltLen || len(h.salt) > maxSaltLen {
		return phc{}, malformed("salt is not %d to %d bytes of base64", minSaltLen, maxSaltLen)
	}
	if h.hash, err = decodeB64(fields[5]); err != nil || len(h.hash) < minKeyLen || len(h.hash) > maxKeyLen {
		return phc{}, malformed("hash is not %d to %d bytes of base64", minKeyLen, maxKeyLen)
	}
	h.saltLen, h.keyLen = len(h.salt), len(h.hash)
	return h, nil
}

// parseParam parses "<name>=<decimal>" with a value from 1 to limit. Leading zeros and signs
// are refused, as the PHC string format requires, so that each hash has one spelling.
func parseParam(s, name string, limit uint32) (uint32, error) {
	v, ok := strings.CutPrefix(s, name+"=")
	if !ok || v == "" || v[0] < '1' || v[0] > '9' {
		return 0, malformed("want %s=<positive decimal>", name)
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, malformed("want %s=<positive decimal>", name)
		}
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n > uint64(limit) {
		return 0, malformed("%s is above %d", name, limit)
	}
	return uint32(n), nil
}

// decodeB64 decodes s with b64, refusing the line breaks that encoding/base64 otherwise skips,
// so that a value with a CR or LF inside is not accepted as the same hash.
func decodeB64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, errors.New("line break in base64")
	}
	return b64.DecodeString(s)
}
