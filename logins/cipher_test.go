package logins

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func testCipher(t testing.TB) *Cipher {
	t.Helper()
	c, err := NewCipher(1, map[byte][]byte{1: GenerateKey()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCipherRoundTrip(t *testing.T) {
	c := testCipher(t)
	id := NewID()
	tok := Token{AccessToken: "acc-123", RefreshToken: "ref-456", Expiry: time.UnixMilli(1_800_000_000_123).UTC(), Kind: KindOAuth}
	ct, err := c.SealToken(id, tok)
	if err != nil {
		t.Fatal(err)
	}
	if ct[0] != 1 {
		t.Fatalf("version byte = %d, want 1", ct[0])
	}
	if bytes.Contains(ct, []byte("acc-123")) || bytes.Contains(ct, []byte("ref-456")) {
		t.Fatal("ciphertext contains the plaintext token")
	}
	got, err := c.OpenToken(id, ct)
	if err != nil {
		t.Fatal(err)
	}
	if got != tok {
		t.Fatalf("round trip: got %+v, want %+v", got.AccessToken, tok.AccessToken)
	}
	// Two seals of the same token differ (random nonce).
	ct2, _ := c.SealToken(id, tok)
	if bytes.Equal(ct, ct2) {
		t.Fatal("two seals are identical: nonce not random")
	}
}

func TestCipherTamper(t *testing.T) {
	c := testCipher(t)
	id := NewID()
	ct, _ := c.SealToken(id, Token{AccessToken: "acc", Kind: KindBearer})
	for i := 1; i < len(ct); i++ { // every byte after the version byte is authenticated
		bad := bytes.Clone(ct)
		bad[i] ^= 0x01
		if _, err := c.OpenToken(id, bad); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("flipped byte %d: err = %v, want ErrDecrypt", i, err)
		}
	}
	if _, err := c.OpenToken(id, ct[:len(ct)-1]); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("truncated: err = %v, want ErrDecrypt", err)
	}
	if _, err := c.Open(id, ct[:5]); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("short: err = %v, want ErrDecrypt", err)
	}
}

func TestCipherAADBindsLoginID(t *testing.T) {
	c := testCipher(t)
	a, b := NewID(), NewID()
	ct, _ := c.SealToken(a, Token{AccessToken: "acc", Kind: KindBearer})
	if _, err := c.OpenToken(b, ct); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("ciphertext moved to another login: err = %v, want ErrDecrypt", err)
	}
	if _, err := c.OpenToken(a, ct); err != nil {
		t.Fatalf("own login: %v", err)
	}
}

func TestCipherAADBindsKeyVersion(t *testing.T) {
	// The same key registered under two versions: rewriting the version
	// byte must still fail, because the version is part of the AAD.
	k := GenerateKey()
	c, err := NewCipher(1, map[byte][]byte{1: k, 2: k})
	if err != nil {
		t.Fatal(err)
	}
	id := NewID()
	ct, _ := c.SealToken(id, Token{AccessToken: "acc", Kind: KindBearer})
	ct[0] = 2
	if _, err := c.OpenToken(id, ct); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("version byte rewritten: err = %v, want ErrDecrypt", err)
	}
}

func TestCipherRotation(t *testing.T) {
	k1, k2 := GenerateKey(), GenerateKey()
	old, err := NewCipher(1, map[byte][]byte{1: k1})
	if err != nil {
		t.Fatal(err)
	}
	id := NewID()
	ctOld, _ := old.SealToken(id, Token{AccessToken: "old-acc", Kind: KindBearer})

	rotated, err := NewCipher(2, map[byte][]byte{1: k1, 2: k2})
	if err != nil {
		t.Fatal(err)
	}
	got, err := rotated.OpenToken(id, ctOld)
	if err != nil || got.AccessToken != "old-acc" {
		t.Fatalf("old version after rotation: %v %q", err, got.AccessToken)
	}
	ctNew, _ := rotated.SealToken(id, Token{AccessToken: "new-acc", Kind: KindBearer})
	if ctNew[0] != 2 || rotated.CurrentVersion() != 2 {
		t.Fatalf("new writes use version %d, want 2", ctNew[0])
	}
	// The old-only cipher cannot read what the rotated one wrote.
	if _, err := old.OpenToken(id, ctNew); !errors.Is(err, ErrDecrypt) || !strings.Contains(err.Error(), "unknown key version 2") {
		t.Fatalf("old cipher on new ciphertext: %v", err)
	}
	// Once key 1 is retired, its ciphertexts no longer open.
	retired, _ := NewCipher(2, map[byte][]byte{2: k2})
	if _, err := retired.OpenToken(id, ctOld); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("retired key: %v", err)
	}
}

func TestNewCipherValidates(t *testing.T) {
	if _, err := NewCipher(1, map[byte][]byte{2: GenerateKey()}); err == nil {
		t.Fatal("current version without key accepted")
	}
	if _, err := NewCipher(1, map[byte][]byte{1: make([]byte, 16)}); err == nil {
		t.Fatal("16-byte key accepted")
	}
	k1, k2 := KeyFromSecret([]byte("secret one")), KeyFromSecret([]byte("secret two"))
	if len(k1) != 32 || bytes.Equal(k1, k2) || !bytes.Equal(k1, KeyFromSecret([]byte("secret one"))) {
		t.Fatal("KeyFromSecret: want 32 bytes, deterministic, distinct per secret")
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if len(id) != 43 || strings.ContainsAny(id, "+/=") {
			t.Fatalf("id %q: want 43 base64url chars", id)
		}
		if seen[id] {
			t.Fatal("duplicate id")
		}
		seen[id] = true
	}
}

func TestTokenNeverFormatsItsSecrets(t *testing.T) {
	tok := Token{AccessToken: "acc-secret", RefreshToken: "ref-secret", Expiry: time.Now(), Kind: KindOAuth}
	l := &Login{ID: NewID(), Name: "Visible Name", Token: tok}
	var out bytes.Buffer
	fmt.Fprintf(&out, "%v|%+v|%#v|%s|%v|%+v|%#v\n", tok, tok, tok, tok, *l, l, l)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "login", l, "token", tok)
	slog.New(slog.NewTextHandler(&out, nil)).Info("x", "login", l, "token", tok)
	j, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	out.Write(j)
	if !strings.Contains(out.String(), "Visible Name") {
		t.Fatal("the login was not formatted at all")
	}
	if strings.Contains(out.String(), "secret") {
		t.Fatalf("a token secret was formatted:\n%s", out.String())
	}
}
