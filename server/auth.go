package server

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dbackup/dbackup/graph"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/throttle"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Names of the sign-in cookie and headers.
const (
	// sessionCookie holds the session token. It is HttpOnly, so page scripts never see it.
	sessionCookie = "dbackup_session"
	// csrfHeader must accompany every cookie-authenticated request that changes or reads data
	// (except the websocket upgrade, whose Origin is checked instead). A cross-site form cannot
	// set a custom header, and a cross-site fetch that sets one needs a CORS preflight, which
	// this server never grants.
	csrfHeader = "X-DBackup-CSRF"
	// bearerPrefix starts an Authorization header that carries an API key.
	bearerPrefix = "Bearer "
)

// Error codes of the HTTP layer (the GraphQL presenter has the rest).
const (
	codeCSRFHeaderMissing = "CSRF_HEADER_MISSING"
	codeInternal          = "INTERNAL_SERVER_ERROR"
)

// authn authenticates requests: session cookies and API keys. It is shared by the middleware
// and the /auth handlers.
type authn struct {
	accounts *account.Service
	// throttle is the account service's throttle; bad API keys count against the client IP.
	throttle *throttle.Throttle
	// secure marks the cookie Secure, when BASE_URL is https.
	secure bool
	now    func() time.Time
	log    *slog.Logger
	// onThrottled is told when sign-ins from an address are being refused for too many
	// failures (for a system notification); may be nil.
	onThrottled func(ctx context.Context, ip, username string)
}

func newAuthn(accounts *account.Service, th *throttle.Throttle, baseURL string, log *slog.Logger) *authn {
	return &authn{accounts: accounts, throttle: th, secure: strings.HasPrefix(baseURL, "https://"), now: time.Now, log: log}
}

// middleware puts the viewer of the request into its context: the owner of a bearer API key
// (an invalid key is refused with 401), or the user of the session cookie (an invalid or
// expired one is cleared and the request goes on anonymous). A cookie-authenticated request
// that needsCSRF reports must carry csrfHeader, else 403.
func (a *authn) middleware(next http.Handler, needsCSRF func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(viewer.WithOrigin(r.Context(), viewer.Origin{IP: clientIP(r), UserAgent: r.UserAgent()}))
		if h := r.Header.Get("Authorization"); h != "" {
			a.serveBearer(w, r, h, next)
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		v, sess, err := a.accounts.Authenticate(r.Context(), c.Value)
		switch {
		case errors.Is(err, account.ErrInvalidSession), errors.Is(err, account.ErrSessionExpired), errors.Is(err, account.ErrDisabled):
			a.clearCookie(w)
			next.ServeHTTP(w, r)
			return
		case err != nil:
			a.log.ErrorContext(r.Context(), "authenticate session", "err", err)
			writeGraphQLError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details")
			return
		}
		if needsCSRF(r) && r.Header.Get(csrfHeader) == "" {
			writeGraphQLError(w, http.StatusForbidden, codeCSRFHeaderMissing,
				"requests signed in with the session cookie must carry the header "+csrfHeader+": 1")
			return
		}
		ctx := account.NewSessionContext(viewer.NewContext(r.Context(), v), sess.ID)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// serveBearer authenticates an Authorization header, which must be a Bearer API key.
func (a *authn) serveBearer(w http.ResponseWriter, r *http.Request, h string, next http.Handler) {
	key, ok := strings.CutPrefix(h, bearerPrefix)
	if !ok {
		writeGraphQLError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, "the Authorization header must be \"Bearer <API key>\"")
		return
	}
	v, err := a.accounts.AuthenticateAPIKey(r.Context(), strings.TrimSpace(key))
	if err == nil {
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
		return
	}
	if errors.Is(err, vault.ErrKeyMismatch) {
		// The key's stored hash is sealed with another ENCRYPTION_KEY: say so, as every feature
		// that needs a secret does, instead of a generic server error.
		writeGraphQLError(w, http.StatusServiceUnavailable, graph.CodeEncryptionKeyMismatch, err.Error())
		return
	}
	if !isAPIKeyRefusal(err) {
		a.log.ErrorContext(r.Context(), "authenticate API key", "err", err)
		writeGraphQLError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details")
		return
	}
	// Only refused keys count against the client's address, so that valid keys are never
	// slowed down by the sign-in limits.
	if ok, wait := a.throttle.Allow(clientIP(r), "", a.now()); !ok {
		w.Header().Set("Retry-After", retryAfter(wait))
		writeGraphQLError(w, http.StatusTooManyRequests, graph.CodeThrottled, "too many requests with invalid API keys: try again later")
		return
	}
	writeGraphQLError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, err.Error())
}

// isAPIKeyRefusal reports whether err refuses the key itself, as opposed to a server failure.
func isAPIKeyRefusal(err error) bool {
	return errors.Is(err, account.ErrInvalidAPIKey) || errors.Is(err, account.ErrAPIKeyRevoked) ||
		errors.Is(err, account.ErrAPIKeyExpired) || errors.Is(err, account.ErrDisabled)
}

// graphqlNeedsCSRF: every /graphql request but the websocket upgrade, which browsers send
// with an Origin header that coder/websocket checks.
func graphqlNeedsCSRF(r *http.Request) bool { return !isWebsocketUpgrade(r) }

// apiNeedsCSRF: requests to /api/ that may change state; GET downloads are plain links.
func apiNeedsCSRF(r *http.Request) bool {
	return r.Method != http.MethodGet && r.Method != http.MethodHead
}

func isWebsocketUpgrade(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// setCookie sets the session cookie until expires.
func (a *authn) setCookie(w http.ResponseWriter, tok string, expires time.Time) {
	maxAge := int(math.Ceil(expires.Sub(a.now()).Seconds()))
	http.SetCookie(w, a.cookie(tok, maxAge, expires))
}

// clearCookie tells the browser to drop the session cookie.
func (a *authn) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, a.cookie("", -1, time.Unix(0, 0)))
}

func (a *authn) cookie(value string, maxAge int, expires time.Time) *http.Cookie {
	return &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/",
		MaxAge: maxAge, Expires: expires.UTC(),
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode,
	}
}

// clientIP is the address of the peer. Proxy headers (X-Forwarded-For) are not trusted yet,
// so behind a reverse proxy every client shares the proxy's address; see docs/auth.md.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// retryAfter formats a Retry-After header: whole seconds, rounded up, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// writeGraphQLError answers with a GraphQL-shaped error, for refusals before the GraphQL
// handler runs.
func writeGraphQLError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{
		"message": msg, "extensions": map[string]any{"code": code},
	}}})
}
