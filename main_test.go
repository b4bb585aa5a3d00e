package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestRunRefusesMisconfiguration(t *testing.T) {
	env := map[string]string{"FACTORIAL_BASE_URL": "https://api.factorialhr.com", "AULA_DATA_DIR": t.TempDir()}
	err := run(context.Background(), nil, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "AULA_SECRET_KEYS") {
		t.Fatalf("run: %v; want an error naming AULA_SECRET_KEYS", err)
	}
}

// run serves in demo mode with no configuration at all but a data
// directory, and stops cleanly when its context ends.
func TestRunServesDemoAndShutsDown(t *testing.T) {
	addr, stop := startDemo(t, map[string]string{"AULA_DATA_DIR": t.TempDir()})
	if got := sandboxStatus(t, addr, ""); got != http.StatusUnauthorized {
		t.Fatalf("sandbox without key: %d, want 401", got)
	}
	if got := sandboxStatus(t, addr, "sandbox-key"); got != http.StatusOK {
		t.Fatalf("sandbox with the demo API key: %d, want 200", got)
	}
	stop()
}

// SANDBOX_API_KEY replaces the embedded sandbox's demo key, as it does for
// the standalone sandbox command.
func TestDemoSandboxTakesItsAPIKeyFromTheEnvironment(t *testing.T) {
	addr, stop := startDemo(t, map[string]string{"AULA_DATA_DIR": t.TempDir(), "SANDBOX_API_KEY": "our-demo-key"})
	defer stop()
	if got := sandboxStatus(t, addr, "our-demo-key"); got != http.StatusOK {
		t.Errorf("sandbox with SANDBOX_API_KEY: %d, want 200", got)
	}
	if got := sandboxStatus(t, addr, "sandbox-key"); got != http.StatusUnauthorized {
		t.Errorf("sandbox with the default key: %d, want 401", got)
	}
}

// startDemo runs Aula with env on a port the system picks, and returns
// once it listens; stop ends it and fails the test unless it shuts down
// cleanly. The address comes from the "aula listening" log line: a port
// picked beforehand could be taken by someone else before Aula binds it.
func startDemo(t *testing.T, env map[string]string) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs, w := io.Pipe()
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil && len(addrc) == 0 {
				addrc <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, logs)
	}()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, w)
		w.Close()
		done <- err
	}()
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("run ended before listening: %v", err)
	}
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		cancel()
		t.Fatalf("/readyz: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("/readyz: %d", res.StatusCode)
	}
	return addr, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run: %v", err)
			}
		case <-time.After(25 * time.Second):
			t.Fatal("run did not stop")
		}
	}
}

// listening finds the address in run's "aula listening" log line.
var listening = regexp.MustCompile(`msg="aula listening" addr=(\S+)`)

// sandboxStatus is the embedded sandbox's answer to a list call with key.
func sandboxStatus(t *testing.T, addr, key string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/sandbox/api/2026-04-01/resources/trainings/categories", nil)
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// `aula loadtest` runs the flows in chaos mode, prints the table with the
// verdict, and writes the report with its chart.
func TestLoadtestCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run of seconds")
	}
	report := t.TempDir() + "/load.md"
	var out strings.Builder
	err := run(context.Background(), []string{"loadtest", "-users", "6", "-duration", "2s", "-latency", "5ms", "-chaos", "-progress", "1s", "-report", report}, func(string) string { return "" }, &out)
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, out.String())
	}
	for _, want := range []string{"GET /trainings/:id", "POST /sessions/:id/attendance/marks", "GET /team/overdue", "lost: 0, duplicated: 0, untruthful: 0", "report: " + report} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}
