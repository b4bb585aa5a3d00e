package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Main runs the standalone emulator: `aula sandbox -addr 127.0.0.1:9090`.
// It serves the API under /api/… and OAuth2 under /oauth/… until ctx is
// done. -redirect-uri URI (repeatable) registers the OAuth2 client's
// redirect URIs; the default is DefaultRedirectURIs. -state FILE loads the data from FILE when it exists and saves it
// there on shutdown. -latency, -jitter, -fault, -rate-limit, -profile and
// -seed are the Settings (see RegisterFlags and ParseFault).
func Main(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fset := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fset.SetOutput(stdout)
	addr := fset.String("addr", "127.0.0.1:9090", "address to listen on")
	settings := DefaultSettings()
	settings.RegisterFlags(fset)
	stateFile := fset.String("state", "", "JSON file to load the state from at start (if present) and save it to on shutdown")
	var redirects []string
	fset.Func("redirect-uri", "an OAuth2 redirect URI to register (repeatable; default: "+strings.Join(DefaultRedirectURIs, " and ")+", any port)", func(v string) error {
		if !validRedirect(v) {
			return fmt.Errorf("%q is not an http or https URL", v)
		}
		redirects = append(redirects, v)
		return nil
	})
	if err := fset.Parse(args); err != nil {
		return err
	}
	if len(redirects) == 0 {
		redirects = DefaultRedirectURIs
	}
	opts := append(settings.Options(), WithRedirectURIs(redirects...))
	if k := getenv("SANDBOX_API_KEY"); k != "" {
		opts = append(opts, WithAPIKey(k))
	}
	if id, secret := getenv("SANDBOX_CLIENT_ID"), getenv("SANDBOX_CLIENT_SECRET"); id != "" && secret != "" {
		opts = append(opts, WithOAuthClient(id, secret))
	}
	if *stateFile != "" {
		st, err := LoadState(*stateFile)
		switch {
		case err == nil:
			opts = append(opts, WithState(st))
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}
	sb := New(opts...)
	settings.Apply(sb)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	id, _ := sb.OAuthClient()
	var banner strings.Builder
	fmt.Fprintf(&banner, "Factorial sandbox on %s\n  API:     %s/api/2026-04-01/resources/...\n  OAuth2:  %s/oauth/authorize, %s/oauth/token (client id %s)\n  Redirect URIs: %s\n  API key: %s (acts as the HR admin)\n  Personas:\n",
		base, base, base, base, id, strings.Join(redirects, ", "), sb.APIKey())
	for _, p := range sb.Personas() {
		fmt.Fprintf(&banner, "    %-9s employee %-5d %s (%s)\n", p.Key, p.EmployeeID, p.Name, p.Role)
	}
	if faults := settings.AllFaults(); len(faults) > 0 || settings.RateLimit > 0 {
		fmt.Fprintf(&banner, "  Injected (first match applies):\n")
		for _, f := range faults {
			fmt.Fprintf(&banner, "    %s\n", f)
		}
		if settings.RateLimit > 0 {
			fmt.Fprintf(&banner, "    rate limit %d requests a minute per token\n", settings.RateLimit)
		}
	}
	if _, err := io.WriteString(stdout, banner.String()); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if *stateFile != "" {
		if err := SaveState(*stateFile, sb.Snapshot()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "state saved to %s\n", *stateFile)
	}
	return nil
}

// DefaultRedirectURIs are the redirect URIs the standalone sandbox
// registers when -redirect-uri is not given: Aula's callback on this
// machine, on any port.
var DefaultRedirectURIs = []string{"http://localhost:8080/auth/callback", "http://127.0.0.1:8080/auth/callback"}

// LoadState reads a state saved by SaveState.
func LoadState(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("sandbox: %s: %w", path, err)
	}
	return &st, nil
}

// SaveState writes st to path atomically.
func SaveState(path string, st *State) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sandbox-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
