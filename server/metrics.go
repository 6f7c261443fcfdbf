package server

import (
	"errors"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/metrics"
)

// metricsHandler serves Prometheus metrics at /metrics to a viewer with history:read — in
// practice an API key with that scope, given to Prometheus as a bearer token.
func metricsHandler(c *metrics.Collector) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch err := authz.Require(r.Context(), perm.HistoryRead); {
		case errors.Is(err, authz.ErrUnauthenticated):
			writeAuthError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "send an API key with the history:read scope: Authorization: Bearer <key>", "")
			return
		case err != nil:
			writeAuthError(w, http.StatusForbidden, "FORBIDDEN", err.Error(), "")
			return
		}
		h.ServeHTTP(w, r)
	})
}
