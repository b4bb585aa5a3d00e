// Package loadtest is Aula's load and chaos harness (`aula loadtest`):
// virtual users sign in through the sandbox's personas and follow the
// flows of HR, trainers and managers (Flows) against Aula and its sandbox
// in this process, or a running Aula. It reports each page's throughput,
// latency percentiles, errors, Factorial calls and round trips (from the
// Server-Timing header) and Aula's own server time, and, in chaos mode,
// checks what users were told about their writes against the sandbox.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aula-hr/aula/config"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/app"
	mw "github.com/aula-hr/aula/middleware"
)

// Config is one run.
type Config struct {
	Target      string        // a running Aula in demo mode; "" starts one in this process
	Users       int           // concurrent virtual users
	Duration    time.Duration // how long users keep starting steps
	MaxRequests int           // and at most this many requests (0: no limit)
	Latency     time.Duration // the sandbox's latency (in process)
	Jitter      time.Duration
	Profile     sandbox.Profile
	Seed        int64
	Think       time.Duration // pause between a user's steps
	Chaos       bool          // fail a share of the sandbox's answers, then check the writes
	ChaosRate   float64       // the share (default 0.2)
	Progress    time.Duration // a progress line this often (0: none)
	Out         io.Writer     // progress and the table
}

// Result is what a run measured.
type Result struct {
	Config   Config
	Started  time.Time
	Elapsed  time.Duration
	Pages    []PageStats // by name
	Requests int
	Errors   int
	AppP50   time.Duration // Aula's own server time, all pages
	// Of this process, when Aula ran in it (with the sandbox and the users).
	InProcess   bool
	PeakHeap    uint64 // bytes, runtime.MemStats.HeapInuse
	PeakSys     uint64 // bytes obtained from the OS
	CPU         time.Duration
	Goroutines  int // peak
	Chaos       *Verdict
	LoadAvg     [2]string // the machine's 1-minute load average at the start and the end
	Injected    int       // sandbox answers that were failures (5xx, 429, dropped), in process
	FirstErrors []string
}

// PageStats is one page's figures.
type PageStats struct {
	Name          string
	Count, Errors int
	RPS           float64
	P50, P95, P99 time.Duration
	Max           time.Duration
	AppP50        time.Duration
	Calls, Rounds float64 // per request with Server-Timing
}

type pageAcc struct {
	durs, app     []time.Duration
	errors        int
	calls, rounds int
	timed         int
}

type run struct {
	cfg       Config
	ctx       context.Context // for requests: not cancelled at the deadline
	base      string
	transport http.RoundTripper
	sb        *sandbox.Sandbox

	mu        sync.Mutex
	pages     map[string]*pageAcc
	firstErrs []string
	requests  atomic.Int64
	errors    atomic.Int64

	ledger ledger
}

func (r *run) record(name string, took time.Duration, status int, timing string, err error) {
	r.requests.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.pages[name]
	if p == nil {
		p = &pageAcc{}
		r.pages[name] = p
	}
	p.durs = append(p.durs, took)
	if appT, _, calls, rounds, ok := mw.ParseServerTiming(timing); ok {
		p.app = append(p.app, appT)
		p.calls += calls
		p.rounds += rounds
		p.timed++
	}
	if err != nil {
		p.errors++
		r.errors.Add(1)
		if len(r.firstErrs) < 10 {
			r.firstErrs = append(r.firstErrs, err.Error())
		}
	}
}

// Run runs the load (and, with Chaos, the checks) and returns the figures.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Users <= 0 {
		cfg.Users = 1
	}
	if cfg.ChaosRate <= 0 {
		cfg.ChaosRate = 0.2
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	r := &run{cfg: cfg, ctx: context.WithoutCancel(ctx), pages: map[string]*pageAcc{}}
	res := &Result{Config: cfg}
	tr := &http.Transport{MaxIdleConnsPerHost: 2 * cfg.Users, IdleConnTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	r.transport = tr
	if cfg.Target == "" {
		stop, err := r.startAula()
		if err != nil {
			return nil, err
		}
		defer stop()
		res.InProcess = true
	} else {
		if cfg.Chaos {
			return nil, errors.New("-chaos needs the sandbox in this process: leave out -target")
		}
		r.base = cfg.Target
	}

	// Everybody signs in first (the sign-in is measured too), then the clock starts.
	flows := Flows()
	users := assign(r, flows, cfg.Users)
	var wg sync.WaitGroup
	signErr := make(chan error, len(users))
	for _, u := range users {
		wg.Add(1)
		go func() { defer wg.Done(); signErr <- u.u.SignIn() }()
	}
	wg.Wait()
	close(signErr)
	for err := range signErr {
		if err != nil {
			return nil, fmt.Errorf("sign-in: %w", err)
		}
	}
	// The sign-ins are not part of the figures.
	r.mu.Lock()
	r.pages, r.firstErrs = map[string]*pageAcc{}, nil
	r.mu.Unlock()
	r.requests.Store(0)
	r.errors.Store(0)
	var before *sandbox.State
	if r.sb != nil {
		before = r.sb.Snapshot()
	}

	sample := r.startSampling(res)
	cpu0 := cpuTime()
	start := time.Now()
	res.Started = start
	res.LoadAvg[0] = loadAvg()
	deadline := start.Add(cfg.Duration)
	stopChaos := func() {}
	if cfg.Chaos {
		stopChaos = r.rotateChaos(deadline)
	}
	stopProgress := r.progress(start)
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.loop(ctx, u.u, u.flow, deadline)
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	stopChaos()
	stopProgress()
	res.CPU = cpuTime() - cpu0
	res.LoadAvg[1] = loadAvg()
	sample()

	r.summarise(res)
	if r.sb != nil {
		for _, q := range r.sb.Requests() {
			if q.Time.After(start) && (q.Status >= 500 || q.Status == 429 || q.Status == -1) {
				res.Injected++
			}
		}
	}
	if cfg.Chaos {
		v := r.ledger.check(before, r.sb.Snapshot())
		res.Chaos = &v
	}
	return res, nil
}

type assigned struct {
	u    *User
	flow Flow
}

// assign gives the users their flows by the flows' shares (of every ten
// users, Share follow each flow), interleaved so that a few users already
// cover every flow: HR, trainer, manager, HR, trainer, manager, …
func assign(r *run, flows []Flow, n int) []assigned {
	var pattern []int
	left := make([]int, len(flows))
	for i, f := range flows {
		left[i] = f.Share
	}
	for more := true; more; {
		more = false
		for i := range flows {
			if left[i] > 0 {
				pattern = append(pattern, i)
				left[i]--
				more = true
			}
		}
	}
	counts := make([]int, len(flows))
	out := make([]assigned, n)
	for i := range n {
		fi := pattern[i%len(pattern)]
		out[i] = assigned{u: newUser(r, i, flows[fi].Persona), flow: flows[fi]}
		out[i].u.Index = counts[fi]
		counts[fi]++
	}
	for _, a := range out {
		for fi, f := range flows {
			if f.Name == a.flow.Name {
				a.u.Of = counts[fi]
			}
		}
	}
	return out
}

// loop walks the flow again and again until the deadline or the request
// budget; a step started finishes (its requests are never cut short, so
// what a user was told is what Aula answered).
func (r *run) loop(ctx context.Context, u *User, f Flow, deadline time.Time) {
	over := func() bool {
		return ctx.Err() != nil || !time.Now().Before(deadline) ||
			r.cfg.MaxRequests > 0 && r.requests.Load() >= int64(r.cfg.MaxRequests)
	}
	for ; !over(); u.Iter++ {
		for _, s := range f.Steps {
			if over() {
				return
			}
			if err := s.Do(u); err != nil {
				break // the next pass starts again from the first step
			}
			if r.cfg.Think > 0 {
				select {
				case <-time.After(r.cfg.Think):
				case <-ctx.Done():
					return
				}
			}
		}
	}
}

// startAula starts Aula in demo mode with its sandbox on a loopback port.
func (r *run) startAula() (stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "aula-loadtest-")
	if err != nil {
		ln.Close()
		return nil, err
	}
	env := map[string]string{
		"AULA_ADDR": ln.Addr().String(), "AULA_PUBLIC_URL": "http://" + ln.Addr().String(),
		"AULA_SESSION_STORE": "memory", "AULA_DATA_DIR": dir, "AULA_SIGNIN_RATE": "1000000", "AULA_LOG_LEVEL": "error",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		ln.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	cfg.Sandbox = sandbox.Settings{Latency: r.cfg.Latency, Jitter: r.cfg.Jitter, Profile: r.cfg.Profile, Seed: r.cfg.Seed}
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		ln.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	r.sb = a.Sandbox.(*sandbox.Sandbox)
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	r.base = "http://" + ln.Addr().String()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		_ = a.Close()
		os.RemoveAll(dir)
	}, nil
}

// rotateChaos changes the injected failures every phase until stopped;
// stopping leaves the latency alone.
func (r *run) rotateChaos(deadline time.Time) (stop func()) {
	phases := chaosPhases(r.cfg.ChaosRate)
	set := func(fs []sandbox.Fault) {
		sandbox.Settings{Latency: r.cfg.Latency, Jitter: r.cfg.Jitter, Faults: fs}.Apply(r.sb)
	}
	every := max(500*time.Millisecond, time.Until(deadline)/time.Duration(2*len(phases)))
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for i := 0; ; i++ {
			set(phases[i%len(phases)])
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		set(nil)
	}
}

// progress prints a line every cfg.Progress.
func (r *run) progress(start time.Time) (stop func()) {
	if r.cfg.Progress <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.cfg.Progress)
		defer t.Stop()
		last, lastAt := int64(0), start
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				n := r.requests.Load()
				fmt.Fprintf(r.cfg.Out, "%5.0fs  %7d requests  %6.1f req/s  %d errors\n",
					now.Sub(start).Seconds(), n, float64(n-last)/now.Sub(lastAt).Seconds(), r.errors.Load())
				last, lastAt = n, now
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// startSampling watches this process's memory until the returned func is
// called.
func (r *run) startSampling(res *Result) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	take := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		res.PeakHeap = max(res.PeakHeap, m.HeapInuse)
		res.PeakSys = max(res.PeakSys, m.Sys)
		res.Goroutines = max(res.Goroutines, runtime.NumGoroutine())
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			take()
			select {
			case <-t.C:
			case <-done:
				take()
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is the 1-minute load average ("" where unknown): how busy the
// machine was besides this run.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func (r *run) summarise(res *Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var allApp []time.Duration
	for name, p := range r.pages {
		s := PageStats{Name: name, Count: len(p.durs), Errors: p.errors}
		sortDur(p.durs)
		sortDur(p.app)
		s.P50, s.P95, s.P99 = pct(p.durs, 50), pct(p.durs, 95), pct(p.durs, 99)
		if len(p.durs) > 0 {
			s.Max = p.durs[len(p.durs)-1]
		}
		s.AppP50 = pct(p.app, 50)
		if p.timed > 0 {
			s.Calls, s.Rounds = float64(p.calls)/float64(p.timed), float64(p.rounds)/float64(p.timed)
		}
		s.RPS = float64(s.Count) / res.Elapsed.Seconds()
		res.Pages = append(res.Pages, s)
		res.Requests += s.Count
		res.Errors += s.Errors
		allApp = append(allApp, p.app...)
	}
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].Name < res.Pages[j].Name })
	sortDur(allApp)
	res.AppP50 = pct(allApp, 50)
	res.FirstErrors = append(res.FirstErrors, r.firstErrs...)
}

func sortDur(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

// pct is the p-th percentile (nearest rank) of sorted d.
func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d)*p + 99) / 100
	return d[min(max(i-1, 0), len(d)-1)]
}
