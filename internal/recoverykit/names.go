package recoverykit

import (
	"strconv"
	"strings"
)

// maxNameLen caps the file-name stem made from a profile name, leaving room for a "-NN" suffix
// and ".key" in the 255 bytes most file systems allow, and keeping names readable.
const maxNameLen = 64

// windowsReserved are the device names Windows refuses as file names, with any extension.
var windowsReserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// safeName turns a profile name into a file-name stem that is valid on Linux, macOS and
// Windows: characters outside [A-Za-z0-9._-] become "_", leading dots (hidden files, "..") and
// trailing dots (which Windows drops) become "_", and an empty or reserved result is changed.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= maxNameLen {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := []byte(b.String())
	for i := 0; i < len(s) && s[i] == '.'; i++ {
		s[i] = '_'
	}
	for i := len(s) - 1; i >= 0 && s[i] == '.'; i-- {
		s[i] = '_'
	}
	out := string(s)
	if out == "" {
		out = "profile"
	}
	if windowsReserved[strings.ToLower(strings.SplitN(out, ".", 2)[0])] {
		out = "_" + out
	}
	return out
}

// uniqueNames returns safe, distinct file-name stems for names, in order. Names are compared
// without case, because macOS and Windows file systems do not tell "Prod" from "prod".
func uniqueNames(names []string) []string {
	taken := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		base := safeName(n)
		s := base
		for k := 2; taken[strings.ToLower(s)]; k++ {
			s = base + "-" + strconv.Itoa(k)
		}
		taken[strings.ToLower(s)] = true
		out[i] = s
	}
	return out
}
