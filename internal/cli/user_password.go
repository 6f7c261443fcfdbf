package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/term"

	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/vault"
)

// terminal is what password prompting needs of the terminal; tests replace it.
type terminal struct {
	isTerminal   func() bool
	readPassword func() ([]byte, error)
}

// stdinTerminal is the process's standard input.
func stdinTerminal(fd int) terminal {
	return terminal{
		isTerminal:   func() bool { return term.IsTerminal(fd) },
		readPassword: func() ([]byte, error) { return term.ReadPassword(fd) },
	}
}

// readNewPassword returns a new password: one line of in with fromStdin, otherwise typed twice
// at the terminal, with the prompts on prompt. The error names where the password came from.
func readNewPassword(fromStdin bool, in io.Reader, tty terminal, prompt io.Writer) (vault.Secret, string, error) {
	if fromStdin {
		pw, err := readPasswordLine(in)
		return pw, "--password-stdin", err
	}
	const source = "password"
	if !tty.isTerminal() {
		return vault.Secret{}, "--password-stdin", errors.New("standard input is not a terminal, so the password cannot be typed: pipe it in with --password-stdin")
	}
	fmt.Fprint(prompt, "New password: ")
	first, err := tty.readPassword()
	fmt.Fprintln(prompt)
	if err != nil {
		return vault.Secret{}, source, fmt.Errorf("read from the terminal: %w", err)
	}
	fmt.Fprint(prompt, "Repeat the password: ")
	second, err := tty.readPassword()
	fmt.Fprintln(prompt)
	if err != nil {
		return vault.Secret{}, source, fmt.Errorf("read from the terminal: %w", err)
	}
	a, b := vault.NewSecret(string(first)), vault.NewSecret(string(second))
	if !a.Equal(b) {
		return vault.Secret{}, source, errors.New("the two passwords differ: run the command again and type the same password twice")
	}
	if a.IsEmpty() {
		return vault.Secret{}, source, errors.New("empty: type a password of at least 12 characters")
	}
	return a, source, nil
}

// readPasswordLine reads the one line of r, without its line ending. More than one line, or
// nothing, is refused, so that a wrong pipe never sets a surprising password.
func readPasswordLine(r io.Reader) (vault.Secret, error) {
	// MaxBytes plus a line ending, plus one byte to tell "too long" apart.
	data, err := io.ReadAll(io.LimitReader(bufio.NewReader(r), password.MaxBytes+3))
	if err != nil {
		return vault.Secret{}, fmt.Errorf("read standard input: %w", err)
	}
	s := string(data)
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	switch {
	case s == "":
		return vault.Secret{}, errors.New(`standard input is empty: pipe the password in, such as printf '%s\n' "$PASSWORD" | dbackup user ...`)
	case strings.ContainsAny(s, "\r\n"):
		return vault.Secret{}, errors.New("standard input has more than one line: pipe in the password alone, on one line")
	}
	return vault.NewSecret(s), nil
}
