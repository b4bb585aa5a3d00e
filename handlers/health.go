package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Healthz says the process is up.
func (h *Handlers) Healthz(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.String(http.StatusOK, "ok\n")
}

// Readyz says whether this instance can serve sign-ins: the session store
// answers.
func (h *Handlers) Readyz(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := h.Ready.Ping(ctx); err != nil {
		h.Log.ErrorContext(ctx, "readiness check failed", "err", err)
		return c.String(http.StatusServiceUnavailable, "session store unreachable\n")
	}
	return c.String(http.StatusOK, "ready\n")
}
