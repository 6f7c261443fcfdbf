package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// timeClaims are shifted by the clockOffsetSeconds knob.
var timeClaims = []string{"iat", "exp", "auth_time", "nbf"}

// resignIDTokens rewrites the ID token of each successful token response whose client has
// knobs the library cannot apply (it sets iss, aud and the times itself), and signs it again with
// the provider's key, so the relying party sees a correctly signed token with one bad claim.
func resignIDTokens(s *store, tokenPath string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != tokenPath {
			next.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if rec.status == http.StatusOK {
			if b, err := s.resignResponse(body); err != nil {
				slog.Error("re-sign ID token", "err", err)
			} else {
				body = b
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
	})
}

// resignResponse returns the token response body with its ID token rewritten, or unchanged
// when the client has no such knob.
func (s *store) resignResponse(body []byte) ([]byte, error) {
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("decode token response: %w", err)
	}
	var idToken string
	if err := json.Unmarshal(resp["id_token"], &idToken); err != nil {
		return body, nil
	}
	parts := strings.Split(idToken, ".")
	if len(parts) != 3 {
		return body, nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("decode ID token payload: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("decode ID token claims: %w", err)
	}
	clientID, _ := claims["azp"].(string)
	k := s.config().knobs(clientID)
	if !k.resigns() {
		return body, nil
	}
	if k.OverrideIssuer != nil {
		claims["iss"] = *k.OverrideIssuer
	}
	if k.OverrideAudience != nil {
		claims["aud"] = k.OverrideAudience
		delete(claims, "azp")
		delete(claims, "client_id")
	}
	if k.ClockOffsetSeconds != nil {
		for _, name := range timeClaims {
			if n, ok := claims[name].(json.Number); ok {
				v, err := n.Int64()
				if err != nil {
					return nil, fmt.Errorf("claim %s: %w", name, err)
				}
				claims[name] = v + *k.ClockOffsetSeconds
			}
		}
	}
	payload, err = json.Marshal(claims)
	if err != nil {
		return nil, fmt.Errorf("encode ID token claims: %w", err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{
		Algorithm: jose.RS256,
		Key:       &jose.JSONWebKey{Key: s.key, KeyID: s.keyID},
	}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("signer: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return nil, fmt.Errorf("sign ID token: %w", err)
	}
	compact, err := jws.CompactSerialize()
	if err != nil {
		return nil, fmt.Errorf("serialize ID token: %w", err)
	}
	if resp["id_token"], err = json.Marshal(compact); err != nil {
		return nil, err
	}
	return json.Marshal(resp)
}

// recorder keeps a response so that it can be changed before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
