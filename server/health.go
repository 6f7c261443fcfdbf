package server

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/dbackup/dbackup/internal/system"
)

// healthResponse is the body of /healthz.
type healthResponse struct {
	Status   string                `json:"status"`
	Version  string                `json:"version"`
	Database system.DatabaseStatus `json:"database"`
}

// healthHandler answers 200 with status "ok" while the database answers, and 503 with status
// "unavailable" when it does not. The cause goes to the log, not to this unauthenticated page.
func healthHandler(sys *system.Service, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := sys.Status(r.Context())
		resp := healthResponse{Status: "ok", Version: st.Version, Database: st.Database}
		code := http.StatusOK
		if !st.Database.Reachable {
			resp.Status, code = "unavailable", http.StatusServiceUnavailable
			log.WarnContext(r.Context(), "health check: database unreachable", "dialect", st.Database.Dialect, "err", st.Database.Error)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(resp)
	})
}
