package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/recoverykit"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// downloadHandler streams a stored backup: GET /api/backups/{id}/download, with ?decrypt=true
// for the compressed dump inside an encrypted one. Errors before the first byte are JSON
// {"error":{"code","message"}}; a damaged object found while decrypting ends the stream early,
// so the client sees an incomplete download rather than unauthenticated bytes.
func downloadHandler(inv *inventory.Service, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		decrypt, _ := strconv.ParseBool(r.URL.Query().Get("decrypt"))
		d, err := inv.Open(r.Context(), pulid.ID(r.PathValue("id")), decrypt)
		if err != nil {
			status, code := downloadError(err)
			writeAuthError(w, status, code, err.Error(), "")
			return
		}
		serveDownload(w, r, d, log)
	})
}

// serveDownload streams d as an attachment and closes it.
func serveDownload(w http.ResponseWriter, r *http.Request, d inventory.Download, log *slog.Logger) {
	defer d.Body.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	h.Set("Cache-Control", "no-store")
	if d.Size >= 0 {
		h.Set("Content-Length", fmt.Sprint(d.Size))
	}
	if _, err := io.Copy(w, d.Body); err != nil {
		log.Warn("download ended early", "name", d.Name, "err", err)
		// Abort the connection so the client cannot take a cut stream for a complete file.
		panic(http.ErrAbortHandler)
	}
}

// linkHandler serves a one-time download link, GET /api/links/{token}: no session is needed;
// the link works once, before it expires, with its creator's permissions at the time of use.
func linkHandler(links *downloadlink.Service, accounts *account.Service, inv *inventory.Service, cat *catalog.Service, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, err := links.Redeem(r.Context(), r.PathValue("token"))
		switch {
		case errors.Is(err, downloadlink.ErrInvalid):
			writeAuthError(w, http.StatusNotFound, "LINK_INVALID", err.Error(), "")
			return
		case errors.Is(err, downloadlink.ErrUsed):
			writeAuthError(w, http.StatusGone, "LINK_USED", err.Error(), "")
			return
		case errors.Is(err, downloadlink.ErrExpired):
			writeAuthError(w, http.StatusGone, "LINK_EXPIRED", err.Error(), "")
			return
		case err != nil:
			log.ErrorContext(r.Context(), "redeem download link", "err", err)
			writeAuthError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details", "")
			return
		}
		v, err := accounts.ViewerOf(r.Context(), l.Edges.User.ID)
		if err != nil {
			writeAuthError(w, http.StatusForbidden, "FORBIDDEN", "the user who made this link can no longer download: "+err.Error(), "")
			return
		}
		ctx := viewer.NewContext(r.Context(), v)
		switch l.Kind {
		case downloadlink.KindBackup:
			backupID, err := l.QueryBackup().OnlyID(viewer.Privileged(ctx))
			if err != nil {
				writeAuthError(w, http.StatusNotFound, "NOT_FOUND", "the backup of this link no longer exists", "")
				return
			}
			d, err := inv.Open(ctx, backupID, l.Decrypt)
			if err != nil {
				status, code := downloadError(err)
				writeAuthError(w, status, code, err.Error(), "")
				return
			}
			serveDownload(w, r.WithContext(ctx), d, log)
		case downloadlink.KindRecoveryKit:
			serveKit(ctx, w, cat, l, log)
		default:
			writeAuthError(w, http.StatusNotFound, "LINK_INVALID", "this server cannot serve links of kind "+l.Kind.String(), "")
		}
	})
}

// serveKit builds the Recovery Kit of a link's profiles (keys opened and audited now, with the
// link creator's permissions) and sends it as a ZIP.
func serveKit(ctx context.Context, w http.ResponseWriter, cat *catalog.Service, l *ent.DownloadLink, log *slog.Logger) {
	ids := make([]pulid.ID, 0, len(l.ProfileIds))
	for _, id := range l.ProfileIds {
		ids = append(ids, pulid.ID(id))
	}
	keys, err := cat.RecoveryKitKeys(ctx, ids)
	if err != nil {
		status, code := downloadError(err)
		var mismatch *vault.KeyMismatchError
		switch {
		case errors.As(err, &mismatch):
			status, code = http.StatusConflict, "ENCRYPTION_KEY_MISMATCH"
		case errors.Is(err, catalog.ErrNotFound):
			status, code = http.StatusNotFound, "NOT_FOUND"
		case status == http.StatusBadGateway:
			log.ErrorContext(ctx, "recovery kit", "err", err)
			status, code = http.StatusInternalServerError, codeInternal
		}
		writeAuthError(w, status, code, err.Error(), "")
		return
	}
	now := time.Now()
	var buf bytes.Buffer
	if err := recoverykit.Write(&buf, keys, now); err != nil {
		log.ErrorContext(ctx, "write recovery kit", "err", err)
		writeAuthError(w, http.StatusInternalServerError, codeInternal, "internal server error; the server log has the details", "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{
		"filename": "dbackup-recovery-kit-" + now.UTC().Format("20060102-150405") + ".zip"}))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// downloadError maps a refused download to an HTTP status and error code.
func downloadError(err error) (int, string) {
	var (
		fe *authz.ForbiddenError
		oe *catalog.OpenError
	)
	switch {
	case errors.Is(err, authz.ErrUnauthenticated):
		return http.StatusUnauthorized, "UNAUTHENTICATED"
	case errors.As(err, &fe):
		return http.StatusForbidden, "FORBIDDEN"
	case errors.Is(err, inventory.ErrNotFound):
		return http.StatusNotFound, "NOT_FOUND"
	case errors.As(err, &oe):
		return http.StatusConflict, oe.Code()
	case errors.Is(err, encfile.ErrUnknownKey):
		return http.StatusConflict, "UNKNOWN_KEY"
	case errors.Is(err, encfile.ErrWrongKey), errors.Is(err, encfile.ErrHeader), errors.Is(err, encfile.ErrNotEncrypted):
		return http.StatusConflict, "INTEGRITY"
	}
	return http.StatusBadGateway, "STORAGE_FAILED"
}
