package lti

import (
	"crypto/rand"
	"encoding/base64"
)

// randomToken returns n random bytes, base64url encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func newID(prefix string) string { return prefix + "_" + randomToken(12) }
