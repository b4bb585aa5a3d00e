package logins

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrDecrypt is returned when a ciphertext was tampered with, belongs to
// another login, or was sealed with an unknown key.
var ErrDecrypt = errors.New("logins: cannot decrypt token")

// Cipher seals tokens with AES-256-GCM under versioned keys.
// Ciphertext layout: version byte || 12-byte nonce || sealed (ciphertext + tag).
// The additional data is the login id followed by the version byte, so a
// ciphertext only opens for the login it was sealed for.
type Cipher struct {
	current byte
	aeads   map[byte]cipher.AEAD
}

// NewCipher builds a Cipher. keys maps a version to a 32-byte key; current
// is the version used for new writes and must be present in keys. Older
// versions are kept only to decrypt (key rotation).
func NewCipher(current byte, keys map[byte][]byte) (*Cipher, error) {
	if _, ok := keys[current]; !ok {
		return nil, fmt.Errorf("logins: current key version %d has no key", current)
	}
	c := &Cipher{current: current, aeads: make(map[byte]cipher.AEAD, len(keys))}
	for v, k := range keys {
		if len(k) != 32 {
			return nil, fmt.Errorf("logins: key version %d is %d bytes, want 32", v, len(k))
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		c.aeads[v] = aead
	}
	return c, nil
}

// KeyFromSecret derives a 32-byte AES key from a configured secret of any
// length (HKDF-SHA256). Use a secret with at least 32 random bytes.
func KeyFromSecret(secret []byte) []byte {
	k, err := hkdf.Key(sha256.New, secret, nil, "aula logins token key v1", 32)
	if err != nil { // only for absurd lengths
		panic(err)
	}
	return k
}

// GenerateKey returns 32 random bytes.
func GenerateKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// CurrentVersion is the key version used for new writes.
func (c *Cipher) CurrentVersion() byte { return c.current }

func aad(id string, v byte) []byte {
	b := make([]byte, 0, len(id)+1)
	b = append(b, id...)
	return append(b, v)
}

// Seal encrypts plaintext for the login id with the current key.
func (c *Cipher) Seal(id string, plaintext []byte) []byte {
	aead := c.aeads[c.current]
	out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plaintext)+aead.Overhead())
	out[0] = c.current
	rand.Read(out[1 : 1+aead.NonceSize()])
	return aead.Seal(out, out[1:1+aead.NonceSize()], plaintext, aad(id, c.current))
}

// Open decrypts a ciphertext sealed for the login id, with whichever known
// key version it names. ErrDecrypt on any failure.
func (c *Cipher) Open(id string, ciphertext []byte) ([]byte, error) {
	if len(ciphertext) < 1 {
		return nil, ErrDecrypt
	}
	v := ciphertext[0]
	aead, ok := c.aeads[v]
	if !ok {
		return nil, fmt.Errorf("%w: unknown key version %d", ErrDecrypt, v)
	}
	ns := aead.NonceSize()
	if len(ciphertext) < 1+ns+aead.Overhead() {
		return nil, ErrDecrypt
	}
	pt, err := aead.Open(nil, ciphertext[1:1+ns], ciphertext[1+ns:], aad(id, v))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// SealToken encrypts a token for the login id.
func (c *Cipher) SealToken(id string, t Token) ([]byte, error) {
	pt, err := json.Marshal(tokenWire(t))
	if err != nil {
		return nil, err
	}
	ct := c.Seal(id, pt)
	clear(pt)
	return ct, nil
}

// OpenToken decrypts a token sealed for the login id. An empty ciphertext
// (an erased, revoked token) gives the zero Token.
func (c *Cipher) OpenToken(id string, ciphertext []byte) (Token, error) {
	if len(ciphertext) == 0 {
		return Token{}, nil
	}
	pt, err := c.Open(id, ciphertext)
	if err != nil {
		return Token{}, err
	}
	var w tokenWire
	err = json.Unmarshal(pt, &w)
	clear(pt)
	if err != nil {
		return Token{}, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	return Token(w), nil
}
