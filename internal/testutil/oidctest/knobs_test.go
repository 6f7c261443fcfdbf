package oidctest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/oidctest"
)

// TestKnobs runs one provider for every knob, switching them with SetConfig, and checks that
// each produces a correctly signed ID token with the intended bad claim.
func TestKnobs(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	tests := []struct {
		name   string
		knobs  oidctest.Knobs
		global bool
		check  func(t *testing.T, f *flow, claims map[string]any)
	}{
		{"expired", oidctest.Knobs{IDTokenLifetimeSeconds: oidctest.Seconds(-60)}, false, func(t *testing.T, _ *flow, c map[string]any) {
			require.Less(t, unix(c["exp"]), time.Now().Add(-50*time.Second).Unix())
		}},
		{"zero lifetime", oidctest.Knobs{IDTokenLifetimeSeconds: oidctest.Seconds(0)}, true, func(t *testing.T, _ *flow, c map[string]any) {
			require.LessOrEqual(t, unix(c["exp"]), time.Now().Unix())
		}},
		{"clock ahead", oidctest.Knobs{ClockOffsetSeconds: oidctest.Seconds(3600)}, false, func(t *testing.T, _ *flow, c map[string]any) {
			require.Greater(t, unix(c["iat"]), time.Now().Add(50*time.Minute).Unix())
			require.Greater(t, unix(c["exp"]), time.Now().Add(110*time.Minute).Unix())
		}},
		{"wrong audience", oidctest.Knobs{OverrideAudience: []string{"someone-else"}}, true, func(t *testing.T, _ *flow, c map[string]any) {
			require.Equal(t, []any{"someone-else"}, c["aud"])
			require.NotContains(t, c, "azp")
		}},
		{"wrong issuer", oidctest.Knobs{OverrideIssuer: oidctest.String("http://evil.example")}, false, func(t *testing.T, _ *flow, c map[string]any) {
			require.Equal(t, "http://evil.example", c["iss"])
		}},
		{"wrong nonce", oidctest.Knobs{OverrideNonce: oidctest.String("not-the-nonce")}, true, func(t *testing.T, _ *flow, c map[string]any) {
			require.Equal(t, "not-the-nonce", c["nonce"])
		}},
		{"no nonce", oidctest.Knobs{OverrideNonce: oidctest.String("")}, false, func(t *testing.T, _ *flow, c map[string]any) {
			require.NotContains(t, c, "nonce")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config()
			if tt.global {
				cfg.Knobs = tt.knobs
			} else {
				cfg.Clients[0].Knobs = tt.knobs
			}
			op.SetConfig(t, cfg)
			f := newFlow(d, clientID, secret, redirectURI, scopes)
			tr := f.exchange(t, d, f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw")), f.verifier, true)
			require.Equal(t, http.StatusOK, tr.status, tr.Error)
			claims := verifyIDToken(t, d, tr.IDToken)
			tt.check(t, f, claims)
			// Every other claim stays right.
			require.Equal(t, "u-alice", claims["sub"])
			require.Equal(t, []any{"admins", "ops"}, claims["groups"])
		})
	}

	t.Run("a client's knob overrides the global one", func(t *testing.T) {
		cfg := config()
		cfg.OverrideIssuer = oidctest.String("http://global.example")
		cfg.Clients[0].OverrideIssuer = oidctest.String("http://client.example")
		op.SetConfig(t, cfg)
		f := newFlow(d, clientID, secret, redirectURI, scopes)
		tr := f.exchange(t, d, f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw")), f.verifier, false)
		require.Equal(t, "http://client.example", verifyIDToken(t, d, tr.IDToken)["iss"])
	})

	t.Run("correct again after reset", func(t *testing.T) {
		op.SetConfig(t, config())
		f := newFlow(d, clientID, secret, redirectURI, scopes)
		tr := f.exchange(t, d, f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw")), f.verifier, false)
		claims := verifyIDToken(t, d, tr.IDToken)
		require.Equal(t, op.Issuer, claims["iss"])
		require.Equal(t, f.nonce, claims["nonce"])
		require.Equal(t, []any{clientID}, claims["aud"])
	})
}

func TestSetConfigAddsUsers(t *testing.T) {
	op := oidctest.Start(t, oidctest.Config{})
	d := discover(t, op)
	cfg := config()
	cfg.Users = append(cfg.Users, oidctest.User{Username: "bob", Password: "bob-pw", Subject: "u-bob"})
	op.SetConfig(t, cfg)
	f := newFlow(d, clientID, secret, redirectURI, "openid")
	tr := f.exchange(t, d, f.code(t, op.Login(t, nil, f.authURL, "bob", "bob-pw")), f.verifier, false)
	require.Equal(t, http.StatusOK, tr.status, tr.Error)
	claims := verifyIDToken(t, d, tr.IDToken)
	require.Equal(t, "u-bob", claims["sub"])
	require.NotContains(t, claims, "email")
	require.NotContains(t, claims, "groups")
}

func unix(v any) int64 { return int64(v.(float64)) }
