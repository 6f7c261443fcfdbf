package server

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/system"
)

// healthResponse is the body of /healthz.
type healthResponse struct {
	Status   string                `json:"status"`
	Reason   string                `json:"reason,omitempty"`
	Version  string                `json:"version"`
	Database system.DatabaseStatus `json:"database"`
	// EncryptionKey is the key state (OK, MISMATCH, ROTATING, GENERATED); never a key.
	EncryptionKey syskey.State `json:"encryptionKey,omitempty"`
}

// healthHandler answers 200 with status "ok" while the database answers, 200 with status
// "degraded" and reason "encryption_key_mismatch" when the loaded key does not open the stored
// secrets, and 503 with status "unavailable" when the database does not answer. Causes go to the
// log, not to this unauthenticated page.
func healthHandler(sys *system.Service, keys *syskey.Service, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := sys.Status(r.Context())
		resp := healthResponse{Status: "ok", Version: st.Version, Database: st.Database}
		code := http.StatusOK
		if !st.Database.Reachable {
			resp.Status, code = "unavailable", http.StatusServiceUnavailable
			log.WarnContext(r.Context(), "health check: database unreachable", "dialect", st.Database.Dialect, "err", st.Database.Error)
		} else if ks, err := keys.Status(r.Context()); err != nil {
			log.WarnContext(r.Context(), "health check: key status", "err", err)
		} else {
			resp.EncryptionKey = ks.State
			if ks.State == syskey.StateMismatch {
				resp.Status, resp.Reason = "degraded", "encryption_key_mismatch"
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(resp)
	})
}
