// Command aula serves the Aula dashboard for the Trainings module of
// Factorial HR. With no Factorial account configured it runs in demo mode
// against the built-in sandbox.
//
//	go run .                 serve (see README.md for the configuration)
//	go run . sandbox [flags] run the Factorial sandbox on its own
//	go run . loadtest [flags] virtual users against Aula and its sandbox (see internal/loadtest)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // the company time zone works in a scratch container too

	"github.com/aula-hr/aula/config"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/app"
	"github.com/aula-hr/aula/internal/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "aula: %v\n", err)
		os.Exit(1)
	}
}

// run starts Aula and serves until ctx is cancelled, then shuts down
// gracefully. Configuration errors come back before anything listens.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "sandbox" {
		return runSandbox(ctx, args[1:], getenv, stdout)
	}
	if len(args) > 0 && args[0] == "loadtest" {
		return loadtest.Main(ctx, args[1:], stdout)
	}
	fs := flag.NewFlagSet("aula", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "", "listen address (default $AULA_ADDR or :8080)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env := getenv
	if *addr != "" {
		env = func(k string) string {
			if k == "AULA_ADDR" {
				return *addr
			}
			return getenv(k)
		}
	}
	cfg, err := config.Load(env)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(cfg, stdout)

	a, err := app.New(ctx, cfg, log, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("AULA_ADDR: %w", err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 15*time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	mode := "factorial"
	if cfg.Demo {
		mode = "demo"
	}
	log.Info("aula listening", "addr", ln.Addr().String(), "url", cfg.PublicURL.String(), "mode", mode, "session_store", storeKind(cfg.SessionStore))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// storeKind names the session store for the log without its credentials.
func storeKind(dsn string) string {
	for i := 0; i < len(dsn); i++ {
		if dsn[i] == ':' {
			return dsn[:i]
		}
	}
	return dsn
}

// runSandbox runs the Factorial emulator on its own port.
func runSandbox(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return sandbox.Main(ctx, args, getenv, stdout)
}
