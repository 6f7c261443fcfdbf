package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewWritesJSONWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, slog.LevelInfo).Info("hello", "n", 1)
	New(&buf, slog.LevelInfo).Debug("hidden")
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line), buf.String())
	require.Equal(t, "hello", line["msg"])
}

func TestParseLevel(t *testing.T) {
	l, err := ParseLevel("warn")
	require.NoError(t, err)
	require.Equal(t, slog.LevelWarn, l)
	_, err = ParseLevel("loud")
	require.Error(t, err)
}
