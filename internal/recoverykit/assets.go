package recoverykit

import (
	_ "embed"
	"strings"
)

// The kit's files, kept in this package as plain files so that they can be read, run and tested
// as they are.
var (
	//go:embed dbackup-recover.js
	script []byte

	//go:embed recover.sh
	recoverSh []byte

	//go:embed recover.command
	recoverCommand []byte

	//go:embed recover.bat
	recoverBat string

	//go:embed kit-README.md.tmpl
	readmeTemplate string
)

// Script returns the embedded dbackup-recover.js, the Recovery Kit's Node.js restore script.
// The caller gets its own copy.
func Script() []byte { return append([]byte(nil), script...) }

// crlf converts line endings to CRLF: cmd.exe misreads labels and goto in batch files with bare
// LF line endings, and the repository keeps the file with LF.
func crlf(s string) []byte {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}
