package loadtest

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
)

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// Table writes the per-page figures as an aligned table.
func (res *Result) Table(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\trequests\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\tcalls/req\trounds/req\tAula p50 ms\t")
	for _, p := range res.Pages {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%s\t%s\t%d\t%.1f\t%.1f\t%s\t\n", p.Name, p.Count, p.RPS, ms(p.P50), ms(p.P95), ms(p.P99), p.Errors, p.Calls, p.Rounds, ms(p.AppP50))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d requests in %.1fs (%.1f req/s), %d errors; Aula's own server time p50 %s ms (without the waits on Factorial); load average %s → %s\n",
		res.Requests, res.Elapsed.Seconds(), float64(res.Requests)/res.Elapsed.Seconds(), res.Errors, ms(res.AppP50), res.LoadAvg[0], res.LoadAvg[1])
	if res.InProcess {
		fmt.Fprintf(w, "process (Aula, its sandbox and the users): peak heap in use %s, peak from the OS %s, CPU %.1fs (%.2f cores of %d), peak goroutines %d\n",
			mib(res.PeakHeap), mib(res.PeakSys), res.CPU.Seconds(), res.CPU.Seconds()/res.Elapsed.Seconds(), runtime.NumCPU(), res.Goroutines)
	}
	for _, e := range res.FirstErrors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	if v := res.Chaos; v != nil {
		fmt.Fprintf(w, "\nchaos: the sandbox failed %d answers; %d writes told (%d saved, %d not saved, %d cannot tell)\n", res.Injected, v.Writes, v.Saved, v.NotSaved, v.CannotTell)
		fmt.Fprintf(w, "lost: %d, duplicated: %d, untruthful: %d\n", len(v.Lost), len(v.Duplicated), len(v.Untruthful))
		for _, l := range [][]string{v.Lost, v.Duplicated, v.Untruthful} {
			for _, e := range l {
				fmt.Fprintf(w, "  %s\n", e)
			}
		}
	}
}

// Markdown writes the report with the SVG chart's file name (next to it).
func (res *Result) Markdown(w io.Writer, chart string, command string) {
	c := res.Config
	mode := "load"
	if c.Chaos {
		mode = fmt.Sprintf("chaos (%.0f%% of the writes' answers failed)", c.ChaosRate*100)
	}
	fmt.Fprintf(w, "# Aula load test\n\n%s, %s: %d virtual users for %s, %s profile, sandbox latency %s (jitter %s), think time %s, %s, load average %s at the start and %s at the end.\n\n",
		res.Started.UTC().Format(time.RFC3339), mode, c.Users, res.Elapsed.Round(100*time.Millisecond), c.Profile, c.Latency, c.Jitter, c.Think, machine(), res.LoadAvg[0], res.LoadAvg[1])
	if command != "" {
		fmt.Fprintf(w, "```sh\n%s\n```\n\n", command)
	}
	fmt.Fprintf(w, "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | Factorial calls / req | rounds (critical path) | Aula's own p50 ms |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, p := range res.Pages {
		fmt.Fprintf(w, "| `%s` | %d | %.1f | %s | %s | %s | %d | %.1f | %.1f | %s |\n", p.Name, p.Count, p.RPS, ms(p.P50), ms(p.P95), ms(p.P99), p.Errors, p.Calls, p.Rounds, ms(p.AppP50))
	}
	fmt.Fprintf(w, "\n%d requests, %.1f req/s, %d errors. Aula's own server time (Server-Timing `app`, without the waits on Factorial), all pages: p50 %s ms.\n",
		res.Requests, float64(res.Requests)/res.Elapsed.Seconds(), res.Errors, ms(res.AppP50))
	if res.InProcess {
		fmt.Fprintf(w, "The process (Aula, its sandbox and the virtual users together): peak heap in use %s, peak memory from the OS %s, CPU %.1f s (%.2f cores), peak goroutines %d.\n",
			mib(res.PeakHeap), mib(res.PeakSys), res.CPU.Seconds(), res.CPU.Seconds()/res.Elapsed.Seconds(), res.Goroutines)
	}
	if chart != "" {
		fmt.Fprintf(w, "\n![Latency per page: p50, p95, p99](%s)\n", chart)
	}
	if v := res.Chaos; v != nil {
		fmt.Fprintf(w, "\n## Chaos checks\n\nThe sandbox failed %d answers. %d writes told: %d saved, %d not saved, %d cannot tell.\n\n**lost: %d, duplicated: %d, untruthful: %d**\n",
			res.Injected, v.Writes, v.Saved, v.NotSaved, v.CannotTell, len(v.Lost), len(v.Duplicated), len(v.Untruthful))
		for _, l := range [][]string{v.Lost, v.Duplicated, v.Untruthful} {
			for _, e := range l {
				fmt.Fprintf(w, "- %s\n", e)
			}
		}
	}
}

// SVG draws p50, p95 and p99 of every page as horizontal bars.
func (res *Result) SVG(w io.Writer) {
	const rowH, left, width, top = 22, 300, 460, 40
	var maxD time.Duration
	for _, p := range res.Pages {
		maxD = max(maxD, p.P99)
	}
	if maxD <= 0 {
		maxD = time.Millisecond
	}
	scale := func(d time.Duration) float64 { return float64(d) / float64(maxD) * width }
	h := top + rowH*len(res.Pages) + 30
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12" role="img" aria-label="Latency per page">`+"\n", left+width+90, h, left+width+90, h)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="#fff"/>`+"\n")
	fmt.Fprintf(w, `<text x="10" y="18" font-size="14" font-weight="bold">Latency per page (ms): p50, p95, p99</text>`+"\n")
	colors := []string{"#1f6f43", "#d08c10", "#b3261e"}
	for i, l := range []string{"p50", "p95", "p99"} {
		fmt.Fprintf(w, `<rect x="%d" y="24" width="10" height="10" fill="%s"/><text x="%d" y="33">%s</text>`+"\n", left+i*60, colors[i], left+i*60+14, l)
	}
	for i, p := range res.Pages {
		y := top + i*rowH
		fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-8, y+14, html.EscapeString(p.Name))
		for j, d := range []time.Duration{p.P99, p.P95, p.P50} {
			fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", left, y+3, scale(d), rowH-6, colors[2-j])
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%d">%s</text>`+"\n", float64(left)+scale(p.P99)+4, y+14, ms(p.P99))
	}
	if target := 500 * time.Millisecond; target <= maxD {
		x := float64(left) + scale(target)
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333" stroke-dasharray="4 3"/><text x="%.1f" y="%d" text-anchor="middle">500 ms</text>`+"\n", x, top-2, x, h-28, x, h-12)
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/><text x="%d" y="%d" text-anchor="end">%s ms</text>`+"\n",
		left, top-2, left, h-28, left+width, h-12, ms(maxD))
	fmt.Fprintln(w, "</svg>")
}

// machine describes where the run happened.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if model == "" {
		model = runtime.GOARCH
	}
	return fmt.Sprintf("%d cores (%s), %s", runtime.NumCPU(), model, runtime.Version())
}

// Main is `aula loadtest [flags]`.
func Main(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg := Config{Out: stdout}
	fs.StringVar(&cfg.Target, "target", "", "a running Aula in demo mode (started with AULA_SIGNIN_RATE high enough for the users); empty: start one in this process")
	fs.IntVar(&cfg.Users, "users", 50, "concurrent virtual users")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long the users run")
	fs.IntVar(&cfg.MaxRequests, "requests", 0, "stop after this many requests (0: no limit)")
	fs.DurationVar(&cfg.Latency, "latency", 50*time.Millisecond, "the sandbox's latency per request (in process)")
	fs.DurationVar(&cfg.Jitter, "jitter", 0, "plus a random share of this")
	profile := fs.String("profile", "demo", "data profile: demo or large")
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed of the generated data")
	fs.DurationVar(&cfg.Think, "think", 0, "pause between a user's steps")
	fs.BoolVar(&cfg.Chaos, "chaos", false, "fail a share of the sandbox's answers and check every write")
	fs.Float64Var(&cfg.ChaosRate, "chaos-rate", 0.2, "the share of the answers that fail in chaos mode")
	fs.DurationVar(&cfg.Progress, "progress", 5*time.Second, "a progress line this often")
	report := fs.String("report", "", "write a Markdown report here, and its SVG chart next to it")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run (Aula, sandbox and users) here, for go tool pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	p, err := sandbox.ParseProfile(*profile)
	if err != nil {
		return fmt.Errorf("-profile: %q: use demo or large", *profile)
	}
	cfg.Profile = p
	if cfg.Users <= 0 {
		return fmt.Errorf("-users: %d: at least 1", cfg.Users)
	}
	if cfg.Duration <= 0 {
		return fmt.Errorf("-duration: %s: a positive duration such as 60s", cfg.Duration)
	}
	if cfg.ChaosRate <= 0 || cfg.ChaosRate > 1 {
		return fmt.Errorf("-chaos-rate: %g: above 0 and at most 1", cfg.ChaosRate)
	}
	fmt.Fprintf(stdout, "%d users for %s, %s profile, latency %s, %s\n", cfg.Users, cfg.Duration, cfg.Profile, cfg.Latency, map[bool]string{true: "chaos", false: "no faults"}[cfg.Chaos])
	res, err := Run(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	res.Table(stdout)
	if *report != "" {
		if err := res.WriteReport(*report, "go run . loadtest "+strings.Join(args, " ")); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "report: %s\n", *report)
	}
	if v := res.Chaos; v != nil && len(v.Lost)+len(v.Duplicated)+len(v.Untruthful) > 0 {
		return fmt.Errorf("chaos: lost %d, duplicated %d, untruthful %d", len(v.Lost), len(v.Duplicated), len(v.Untruthful))
	}
	return nil
}

// WriteReport writes the Markdown report to path and its chart next to it
// (same name, -latency.svg).
func (res *Result) WriteReport(path, command string) error {
	chart := strings.TrimSuffix(path, filepath.Ext(path)) + "-latency.svg"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var svg strings.Builder
	res.SVG(&svg)
	if err := os.WriteFile(chart, []byte(svg.String()), 0o644); err != nil {
		return err
	}
	var md strings.Builder
	res.Markdown(&md, filepath.Base(chart), command)
	return os.WriteFile(path, []byte(md.String()), 0o644)
}
