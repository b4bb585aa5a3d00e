package apptest

import (
	"net/http"
	"strings"
	"sync"

	"github.com/aula-hr/aula/internal/app"
)

// Gate holds Aula's requests to Factorial whose path contains a given
// string until the test releases them, and tells the test when the first
// one has arrived: a test can then act while a page is surely waiting on
// Factorial, however slow the machine, without sleeping.
type Gate struct {
	path    string
	arrived chan struct{}
	release chan struct{}
	arrive  sync.Once
	open    sync.Once
}

// NewGate returns a gate for requests whose path contains path (for
// example "/resources/trainings/"). Pass it to Start with WithGate; it is
// released when the test ends, at the latest.
func NewGate(path string) *Gate {
	return &Gate{path: path, arrived: make(chan struct{}), release: make(chan struct{})}
}

// WithGate holds the sandbox's matching requests at g.
func WithGate(g *Gate) Option { return func(s *settings) { s.gates = append(s.gates, g) } }

// Arrived is closed once a matching request is being held.
func (g *Gate) Arrived() <-chan struct{} { return g.arrived }

// Release lets the held requests, and all later ones, through.
func (g *Gate) Release() { g.open.Do(func() { close(g.release) }) }

// gated is the sandbox behind gates.
type gated struct {
	app.Sandbox
	gates []*Gate
}

func (s gated) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, g := range s.gates {
		if !strings.Contains(r.URL.Path, g.path) {
			continue
		}
		g.arrive.Do(func() { close(g.arrived) })
		select {
		case <-g.release:
		case <-r.Context().Done():
		}
	}
	s.Sandbox.ServeHTTP(w, r)
}

// WithSandboxWrap puts wrap in front of the sandbox (Aula's calls to
// Factorial go through it): a test can change the sandbox between two of
// Aula's calls, say a fault from the third create of a series on.
func WithSandboxWrap(wrap func(http.Handler) http.Handler) Option {
	return func(s *settings) { s.sbWrap = wrap }
}

type wrappedSandbox struct {
	app.Sandbox
	h http.Handler
}

func (s wrappedSandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }
