package server

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"

	"github.com/dbackup/dbackup/graph"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/vault"
)

// maxLoginBody caps a sign-in request: a username, a password of at most 1 KiB and a code fit
// many times over, and argon2 never sees more.
const maxLoginBody = 16 << 10

// Error codes of /auth that the GraphQL presenter does not define.
const (
	codeRequestTooLarge = "REQUEST_TOO_LARGE"
	// codeLocalLoginDisabled refuses a password sign-in of a user who is not an administrator
	// while password sign-in is for administrators only.
	codeLocalLoginDisabled = "LOCAL_LOGIN_DISABLED"
)

// loginRequest is the body of POST /auth/login.
type loginRequest struct {
	Username     string `json:"username"`
	Password     string `json:"password"`
	TOTPCode     string `json:"totpCode"`
	RecoveryCode string `json:"recoveryCode"`
}

// loginUser is the signed-in user in the answer of POST /auth/login.
type loginUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
}

// login handles POST /auth/login: it checks the password (and second factor), sets the session
// cookie and answers {"user":{"id","username"}}. It requires Content-Type application/json,
// which also stops cross-site forms (login CSRF): they can only send form or text bodies, and
// a cross-site fetch with JSON needs a CORS preflight that is never granted.
func (a *authn) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeAuthError(w, http.StatusBadRequest, graph.CodeInvalidInput, "Content-Type must be application/json", "")
		return
	}
	var in loginRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxLoginBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeAuthError(w, http.StatusRequestEntityTooLarge, codeRequestTooLarge, "the sign-in request is larger than 16 KiB", "")
			return
		}
		// The decoder's message quotes no values, only types and field names.
		writeAuthError(w, http.StatusBadRequest, graph.CodeInvalidInput, "the body must be a JSON object {username, password, totpCode?, recoveryCode?}", "")
		return
	}
	switch {
	case in.Username == "":
		writeAuthError(w, http.StatusBadRequest, graph.CodeInvalidInput, "username is required", "username")
		return
	case in.Password == "":
		writeAuthError(w, http.StatusBadRequest, graph.CodeInvalidInput, "password is required", "password")
		return
	}
	res, err := a.accounts.Login(r.Context(), account.LoginInput{
		Username: in.Username, Password: vault.NewSecret(in.Password),
		TOTPCode: in.TOTPCode, RecoveryCode: in.RecoveryCode,
		IP: clientIP(r), UserAgent: r.UserAgent(),
	})
	if err != nil {
		a.writeLoginError(w, r, err, in.Username)
		return
	}
	a.setCookie(w, res.Token, res.Session.ExpiresAt)
	writeJSON(w, http.StatusOK, map[string]any{"user": loginUser{ID: string(res.User.ID), Username: res.User.Username}})
}

// writeLoginError answers a failed sign-in. Messages come from the account service's
// sentinels, which never contain the password or a code.
func (a *authn) writeLoginError(w http.ResponseWriter, r *http.Request, err error, username string) {
	var th *account.ThrottledError
	switch {
	case errors.As(err, &th):
		if a.onThrottled != nil {
			a.onThrottled(r.Context(), clientIP(r), username)
		}
		w.Header().Set("Retry-After", retryAfter(th.RetryAfter))
		writeAuthError(w, http.StatusTooManyRequests, graph.CodeThrottled, account.ErrThrottled.Error()+": try again later", "")
	case errors.Is(err, account.ErrInvalidCredentials):
		writeAuthError(w, http.StatusUnauthorized, graph.CodeInvalidCredentials, account.ErrInvalidCredentials.Error(), "")
	case errors.Is(err, account.ErrTOTPRequired):
		writeAuthError(w, http.StatusUnauthorized, graph.CodeTOTPRequired, account.ErrTOTPRequired.Error(), "")
	case errors.Is(err, account.ErrDisabled):
		writeAuthError(w, http.StatusForbidden, graph.CodeAccountDisabled, account.ErrDisabled.Error(), "")
	case errors.Is(err, account.ErrLocalLoginDisabled):
		writeAuthError(w, http.StatusForbidden, codeLocalLoginDisabled, account.ErrLocalLoginDisabled.Error(), "")
	default:
		a.log.ErrorContext(r.Context(), "sign-in failed", "err", err)
		writeAuthError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details", "")
	}
}

// logout handles POST /auth/logout: it ends the session of the cookie, if any, and clears the
// cookie. It requires the CSRF header, so another site cannot sign the user out.
func (a *authn) logout(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Header.Get(csrfHeader) == "" {
		writeAuthError(w, http.StatusForbidden, codeCSRFHeaderMissing, "sign-out requests must carry the header "+csrfHeader+": 1", "")
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := a.accounts.Logout(r.Context(), c.Value); err != nil {
			a.log.ErrorContext(r.Context(), "sign-out failed", "err", err)
			writeAuthError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details", "")
			return
		}
	}
	a.clearCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

// writeAuthError answers /auth requests with {"error":{"code","message"[,"field"]}}.
func writeAuthError(w http.ResponseWriter, status int, code, msg, field string) {
	e := map[string]string{"code": code, "message": msg}
	if field != "" {
		e["field"] = field
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
