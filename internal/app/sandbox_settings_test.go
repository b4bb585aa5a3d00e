package app_test

import (
	"net/http"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// The demo's sandbox answers as AULA_SANDBOX_FAULTS tells it: here every
// read of the catalogue fails with 503, which the page tells.
func TestDemoSandboxTakesItsSettingsFromTheEnvironment(t *testing.T) {
	srv := apptest.Start(t, apptest.WithEnv("AULA_SANDBOX_FAULTS", "GET trainings/trainings status=503"), apptest.WithDemoSandbox())
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	if res := hr.Get("/trainings"); res.StatusCode != http.StatusBadGateway && res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/trainings with Factorial failing: status %d, want the 502/503 error page", res.StatusCode)
	}
}
