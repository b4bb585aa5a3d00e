package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// BenchmarkList measures the list endpoint on the large profile: one full
// page of 100 records per operation, through ServeHTTP (no network), and
// reports records per second.
func BenchmarkList(b *testing.B) {
	sb := New(WithProfile(ProfileLarge), WithClock(func() time.Time { return testNow }))
	for _, c := range []struct{ name, path string }{
		{"trainings", "trainings/trainings"},
		{"memberships", "trainings/training_memberships"},
		{"memberships_by_training", "trainings/training_memberships?training_id=5000&x="},
		{"sessions", "trainings/sessions"},
	} {
		b.Run(c.name, func(b *testing.B) {
			sep := "?"
			for _, ch := range c.path {
				if ch == '?' {
					sep = "&"
				}
			}
			records, pages := 0, 50
			if sep == "&" {
				pages = 1
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// walk pages 1..50 so that offsets vary
				req := httptest.NewRequest("GET", "/api/2026-04-01/resources/"+c.path+sep+"limit=100&page="+strconv.Itoa(1+i%pages), nil)
				req.Header.Set("x-api-key", "sandbox-key")
				w := httptest.NewRecorder()
				sb.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body.String())
				}
				records += bytes.Count(w.Body.Bytes(), []byte(`{"id":`))
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkListHTTP is the same over a real loopback connection.
func BenchmarkListHTTP(b *testing.B) {
	sb := New(WithProfile(ProfileLarge), WithClock(func() time.Time { return testNow }))
	srv := httptest.NewServer(sb)
	defer srv.Close()
	client := srv.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", srv.URL+"/api/2026-04-01/resources/trainings/training_memberships?limit=100&page="+strconv.Itoa(1+i%50), nil)
		req.Header.Set("x-api-key", "sandbox-key")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkGenerateLarge(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New(WithProfile(ProfileLarge), WithClock(func() time.Time { return testNow }))
	}
}
