package oidcauth

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseClaims(t *testing.T) {
	groups := []struct {
		raw  string
		want []string
	}{
		{``, nil},
		{`null`, nil},
		{`"admins"`, []string{"admins"}},
		{`""`, nil},
		{`["a","b"]`, []string{"a", "b"}},
		{`["a",1,"",null,"b"]`, []string{"a", "b"}},
		{`{"b":{"org":"x"},"a":1}`, []string{"a", "b"}},
		{`{}`, nil},
		{`42`, nil},
	}
	for _, tt := range groups {
		require.Equal(t, tt.want, parseGroups(json.RawMessage(tt.raw)), tt.raw)
	}
	bools := map[string]bool{`true`: true, `false`: false, `"true"`: true, `"false"`: false, `1`: false, ``: false, `null`: false}
	for raw, want := range bools {
		require.Equal(t, want, parseBool(json.RawMessage(raw)), raw)
	}
}
