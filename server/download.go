package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/pulid"
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
		defer d.Body.Close()
		h := w.Header()
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
		h.Set("Cache-Control", "no-store")
		if d.Size >= 0 {
			h.Set("Content-Length", fmt.Sprint(d.Size))
		}
		if _, err := io.Copy(w, d.Body); err != nil {
			log.Warn("backup download ended early", "backup", r.PathValue("id"), "err", err)
			// Abort the connection so the client cannot take a cut stream for a complete file.
			panic(http.ErrAbortHandler)
		}
	})
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
