package server

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
)

// Codes of a failed single sign-on, sent to the sign-in page as /login?ssoError=CODE, which
// says what happened in words. The codes, not free text, travel in the URL, so that a crafted
// link cannot put words of an attacker's choosing on our page.
const (
	ssoProviderNotFound    = "PROVIDER_NOT_FOUND"
	ssoUnreachable         = "PROVIDER_UNREACHABLE"
	ssoDiscoveryInvalid    = "DISCOVERY_INVALID"
	ssoKeyMismatch         = "ENCRYPTION_KEY_MISMATCH"
	ssoStateInvalid        = "STATE_INVALID"
	ssoTokenRejected       = "TOKEN_REJECTED"
	ssoProviderError       = "PROVIDER_ERROR"
	ssoNotProvisioned      = "USER_NOT_PROVISIONED"
	ssoDomainNotAllowed    = "DOMAIN_NOT_ALLOWED"
	ssoEmailNotVerified    = "EMAIL_NOT_VERIFIED"
	ssoAccountDisabled     = "ACCOUNT_DISABLED"
	ssoSecretUndecryptable = "SECRET_UNDECRYPTABLE"
)

// ssoStateInfo derives the key of the sign-in state cookie from the system key, so that every
// node and every restart with the same ENCRYPTION_KEY opens the cookies of the others.
const ssoStateInfo = "dbackup oidc state cookie v1"

// ssoHandlers serve /auth/oidc/{id}/login and /auth/oidc/{id}/callback.
type ssoHandlers struct {
	flow     *oidcauth.Flow
	catalog  *catalog.Service
	accounts *account.Service
	auth     *authn
	log      *slog.Logger
}

// newSSOHandlers returns the handlers, with the state key derived from kr's primary key.
func newSSOHandlers(kr *vault.Keyring, baseURL string, cat *catalog.Service, auth *authn, log *slog.Logger) *ssoHandlers {
	primary := kr.Primary()
	key, err := hkdf.Key(sha256.New, primary[:], nil, ssoStateInfo, oidcauth.SealKeySize)
	if err != nil {
		// HKDF-SHA256 refuses only outputs longer than 255 hashes; ours is one.
		panic(err)
	}
	return &ssoHandlers{flow: oidcauth.NewFlow(baseURL, key, nil), catalog: cat, accounts: auth.accounts, auth: auth, log: log}
}

// login starts a sign-in: it redirects the browser to the provider, or to the sign-in page
// with the reason it cannot.
func (h *ssoHandlers) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	id := r.PathValue("id")
	p, err := h.catalog.OpenSSOProvider(r.Context(), pulid.ID(id))
	if err != nil {
		h.fail(w, r, id, err)
		return
	}
	target, err := h.flow.Start(w, r, p, r.URL.Query().Get("returnTo"))
	if err != nil {
		h.fail(w, r, id, err)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// callback finishes a sign-in: it verifies the provider's answer, signs the user in with a
// session cookie like a password sign-in, and goes back to the page the sign-in started from.
func (h *ssoHandlers) callback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	id := r.PathValue("id")
	p, err := h.catalog.OpenSSOProvider(r.Context(), pulid.ID(id))
	if err != nil {
		h.fail(w, r, id, err)
		return
	}
	ident, err := h.flow.Finish(w, r, p)
	if err != nil {
		h.fail(w, r, id, err)
		return
	}
	res, err := h.accounts.LoginSSO(r.Context(), account.SSOLogin{
		Provider: p, Identity: ident, IP: clientIP(r), UserAgent: r.UserAgent(),
	})
	if err != nil {
		h.fail(w, r, id, err)
		return
	}
	h.auth.setCookie(w, res.Token, res.Session.ExpiresAt)
	http.Redirect(w, r, oidcauth.SanitizeReturnTo(ident.ReturnTo), http.StatusSeeOther)
}

// fail sends the browser to the sign-in page with the code of err; the server log keeps the
// details, which may name claims or provider messages but never a secret or token.
func (h *ssoHandlers) fail(w http.ResponseWriter, r *http.Request, providerID string, err error) {
	code := ssoCode(err)
	level := slog.LevelWarn
	if code == codeInternal {
		level = slog.LevelError
	}
	h.log.Log(r.Context(), level, "single sign-on failed", "provider", providerID, "code", code, "err", err)
	q := url.Values{"ssoError": {code}, "provider": {providerID}}
	http.Redirect(w, r, "/login?"+q.Encode(), http.StatusSeeOther)
}

// ssoCode maps an error of the flow, the catalog or the account service to its code.
func ssoCode(err error) string {
	var open *catalog.OpenError
	switch {
	case errors.As(err, &open):
		if open.Code() == catalog.CodeKeyMismatch {
			return ssoKeyMismatch
		}
		return ssoSecretUndecryptable
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, catalog.ErrProviderDisabled):
		return ssoProviderNotFound
	case errors.Is(err, oidcauth.ErrUnreachable):
		return ssoUnreachable
	case errors.Is(err, oidcauth.ErrDiscoveryInvalid):
		return ssoDiscoveryInvalid
	case errors.Is(err, oidcauth.ErrStateMissing), errors.Is(err, oidcauth.ErrStateMismatch):
		return ssoStateInvalid
	case errors.Is(err, oidcauth.ErrProviderError):
		return ssoProviderError
	case errors.Is(err, oidcauth.ErrCodeExchange), errors.Is(err, oidcauth.ErrTokenInvalid), errors.Is(err, oidcauth.ErrNonceMismatch):
		return ssoTokenRejected
	case errors.Is(err, oidcauth.ErrDomainNotAllowed):
		return ssoDomainNotAllowed
	case errors.Is(err, account.ErrNotProvisioned):
		return ssoNotProvisioned
	case errors.Is(err, account.ErrEmailNotVerified):
		return ssoEmailNotVerified
	case errors.Is(err, account.ErrDisabled):
		return ssoAccountDisabled
	}
	return codeInternal
}
