package logins

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/alicebob/miniredis/v2"
)

// BenchmarkGet measures the per-request cost of loading a login (and
// decrypting its token) on each backend:
//
//	go test -run '^$' -bench . -benchmem ./logins/
func BenchmarkGet(b *testing.B) {
	for _, bk := range benchBackends(b) {
		b.Run(bk.name, func(b *testing.B) {
			ctx := context.Background()
			l := sampleLogin()
			if err := bk.store.Create(ctx, l); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bk.store.Get(ctx, l.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdateToken measures a token write (seal + compare-and-swap).
func BenchmarkUpdateToken(b *testing.B) {
	for _, bk := range benchBackends(b) {
		b.Run(bk.name, func(b *testing.B) {
			ctx := context.Background()
			l := sampleLogin()
			if err := bk.store.Create(ctx, l); err != nil {
				b.Fatal(err)
			}
			v := l.Version
			b.ReportAllocs()
			for b.Loop() {
				nl, err := bk.store.UpdateToken(ctx, l.ID, v, l.Token)
				if err != nil {
					b.Fatal(err)
				}
				v = nl.Version
			}
		})
	}
}

type benchBackend struct {
	name  string
	store Store
}

func benchBackends(b *testing.B) []benchBackend {
	c := testCipher(b)
	open := func(dsn string) Store {
		bk, err := Open(context.Background(), dsn, c)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { bk.Close() })
		return bk.Logins
	}
	mr := miniredis.RunT(b)
	out := []benchBackend{
		{"memory", open("memory")},
		{"sqlite", open("sqlite:" + filepath.Join(b.TempDir(), "aula.db"))},
		{"miniredis", open("redis://" + mr.Addr() + "/0")},
	}
	if dsn := startRedisForBench(b); dsn != "" {
		out = append(out, benchBackend{"redis-server", open(dsn)})
	}
	return out
}
