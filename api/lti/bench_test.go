package lti

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store/sqlite"
)

type nopClio struct{}

func (nopClio) FindOrCreateUser(context.Context, LMSUser) (string, error) { return "usr_1", nil }
func (nopClio) FindOrCreateAssignment(context.Context, LMSActivity) (Assignment, error) {
	return Assignment{ID: "asg_1"}, nil
}
func (nopClio) ListAssignments(context.Context, string) ([]Assignment, error) { return nil, nil }

// BenchmarkVerifyIDToken measures checking a launch's id_token with the
// platform's keys cached: the signature and every claim.
func BenchmarkVerifyIDToken(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	require.NoError(b, err)
	defer st.Close()
	s, err := New(Config{BaseURL: "https://clio.test", StudentURL: "https://clio.test/s", TutorURL: "https://clio.test/t"}, st, nopClio{})
	require.NoError(b, err)

	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(b, err)
	key, err := jwk.Import(raw)
	require.NoError(b, err)
	require.NoError(b, key.Set(jwk.KeyIDKey, "k1"))
	pub, err := key.PublicKey()
	require.NoError(b, err)
	set := jwk.NewSet()
	require.NoError(b, set.AddKey(pub))
	p := Platform{ID: "p", Issuer: "https://lms.test", ClientID: "c", DeploymentIDs: []string{"d"}, JWKSURL: "https://lms.test/jwks"}
	s.plat.entries = map[string]*jwksEntry{p.JWKSURL: {set: set, fetched: time.Now()}}

	now := time.Now()
	payload, err := json.Marshal(map[string]any{
		"iss": p.Issuer, "aud": "c", "sub": "u", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "nonce": "n",
		claimMessageType: MessageResourceLink, claimVersion: Version, claimDeploymentID: "d",
		claimTargetLink: "https://clio.test/lti/launch", claimResourceLink: map[string]string{"id": "rl"},
		claimRoles: []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"},
	})
	require.NoError(b, err)
	hdr := jws.NewHeaders()
	require.NoError(b, hdr.Set(jws.KeyIDKey, "k1"))
	tok, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), key, jws.WithProtectedHeaders(hdr)))
	require.NoError(b, err)

	b.ReportAllocs()
	for b.Loop() {
		if _, rf := s.verifyIDToken(ctx, p, string(tok), "n"); rf != nil {
			b.Fatal(rf)
		}
	}
}
