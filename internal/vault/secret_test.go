package vault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecretNeverPrintsItsValue(t *testing.T) {
	const value = "hunter2-s3cr3t"
	s := NewSecret(value)
	require.Equal(t, value, s.Reveal())

	type config struct {
		Password Secret
		token    Secret // fmt cannot call methods on unexported fields
	}
	c := config{Password: s, token: s}
	js, err := json.Marshal(c)
	require.NoError(t, err)
	txt, err := s.MarshalText()
	require.NoError(t, err)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("connect", "password", s, "config", c, slog.Any("ptr", &s))

	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%+v": fmt.Sprintf("%+v", s),
		"%#v": fmt.Sprintf("%#v", s), "%q": fmt.Sprintf("%q", s), "%x": fmt.Sprintf("%x", s),
		"Println": fmt.Sprintln(s), "pointer": fmt.Sprintf("%v", &s), "String": s.String(), "GoString": s.GoString(),
		"struct %v": fmt.Sprintf("%v", c), "struct %+v": fmt.Sprintf("%+v", c), "struct %#v": fmt.Sprintf("%#v", c),
		"json": string(js), "text": string(txt), "slog": logged.String(),
	}
	for name, out := range outputs {
		require.NotContains(t, out, value, name)
		require.NotContains(t, out, fmt.Sprintf("%x", value), name)
	}
	for _, name := range []string{"%v", "%s", "%+v", "%#v", "json", "text", "slog", "struct %+v", "String", "GoString"} {
		require.Contains(t, outputs[name], "***", name)
	}
	require.Equal(t, `"***"`, string(js[len(`{"Password":`):len(js)-1]))
	require.Contains(t, logged.String(), `"password":"***"`)
}

func TestSecretValue(t *testing.T) {
	var zero Secret
	require.Equal(t, "", zero.Reveal())
	require.True(t, zero.IsEmpty())
	require.True(t, zero.Equal(NewSecret("")))
	require.False(t, NewSecret("a").IsEmpty())
	require.True(t, NewSecret("abc").Equal(NewSecret("abc")))
	require.False(t, NewSecret("abc").Equal(NewSecret("abd")))
	require.False(t, NewSecret("abc").Equal(NewSecret("ab")))
}
