package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeTerminal types the given lines, one per ReadPassword.
func fakeTerminal(isTTY bool, lines ...string) terminal {
	return terminal{
		isTerminal: func() bool { return isTTY },
		readPassword: func() ([]byte, error) {
			if len(lines) == 0 {
				return nil, errors.New("EOF")
			}
			l := lines[0]
			lines = lines[1:]
			return []byte(l), nil
		},
	}
}

func TestReadNewPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	tests := []struct {
		name       string
		fromStdin  bool
		stdin      string
		tty        terminal
		want       string
		wantSource string
		wantErr    string
	}{
		{name: "stdin line", fromStdin: true, stdin: pw + "\n", want: pw, wantSource: "--password-stdin"},
		{name: "stdin CRLF", fromStdin: true, stdin: pw + "\r\n", want: pw, wantSource: "--password-stdin"},
		{name: "stdin without newline", fromStdin: true, stdin: pw, want: pw, wantSource: "--password-stdin"},
		{name: "stdin keeps spaces", fromStdin: true, stdin: " " + pw + " \n", want: " " + pw + " ", wantSource: "--password-stdin"},
		{name: "stdin empty", fromStdin: true, stdin: "", wantSource: "--password-stdin", wantErr: "standard input is empty"},
		{name: "stdin newline only", fromStdin: true, stdin: "\n", wantSource: "--password-stdin", wantErr: "standard input is empty"},
		{name: "stdin two lines", fromStdin: true, stdin: pw + "\n" + pw + "\n", wantSource: "--password-stdin", wantErr: "more than one line"},
		{name: "typed twice", tty: fakeTerminal(true, pw, pw), want: pw, wantSource: "password"},
		{name: "typed differently", tty: fakeTerminal(true, pw, pw+"x"), wantSource: "password", wantErr: "the two passwords differ"},
		{name: "typed nothing", tty: fakeTerminal(true, "", ""), wantSource: "password", wantErr: "empty"},
		{name: "not a terminal", tty: fakeTerminal(false), wantSource: "--password-stdin", wantErr: "not a terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prompt bytes.Buffer
			got, source, err := readNewPassword(tt.fromStdin, strings.NewReader(tt.stdin), tt.tty, &prompt)
			require.Equal(t, tt.wantSource, source)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				require.NotContains(t, err.Error(), pw)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got.Reveal())
			require.NotContains(t, prompt.String(), pw, "typed passwords are not echoed")
		})
	}
}

func TestArgErrorIsOneLine(t *testing.T) {
	err := &argError{"--username", errors.New("bad\n  name:\tfix it")}
	require.Equal(t, "--username: bad name: fix it", err.Error())
}
