package problem_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clio-history/clio/api/problem"
)

func TestEveryKindHasOneStatusAndType(t *testing.T) {
	types := map[string]bool{}
	for _, k := range problem.Kinds() {
		t.Run(string(k), func(t *testing.T) {
			assert.GreaterOrEqual(t, k.Status(), 400)
			assert.True(t, strings.HasPrefix(k.Type(), problem.TypeBase))
			assert.False(t, types[k.Type()], "type URIs are unique")
			types[k.Type()] = true
			assert.NotEmpty(t, k.Title())
		})
	}
	assert.Equal(t, 500, problem.Kind("made-up").Status(), "an unknown kind is internal")
	assert.Equal(t, problem.Internal.Type(), problem.Kind("made-up").Type())
}

func TestInternalDetailNeverShown(t *testing.T) {
	cause := errors.New("pq: password authentication failed for user clio at 10.0.0.5")
	b := problem.BodyOf(problem.As(cause), "/v1/x", "rid1")
	assert.Equal(t, 500, b.Status)
	assert.NotContains(t, b.Detail, "password")
	assert.Equal(t, "rid1", b.RequestID)

	e := &problem.Error{Kind: problem.Internal, Detail: "secret detail", Field: "x", Err: cause}
	b = problem.BodyOf(e, "/v1/x", "rid2")
	assert.NotContains(t, b.Detail, "secret")
	assert.Empty(t, b.Field)
}

func TestAsKeepsClientErrors(t *testing.T) {
	pe := problem.OnField(problem.Invalid, "mark", "mark must be %d to %d", 0, 25)
	wrapped := errors.Join(errors.New("context"), pe)
	got := problem.As(wrapped)
	assert.Equal(t, problem.Invalid, got.Kind)
	b := problem.BodyOf(got, "/v1/y", "r")
	assert.Equal(t, 422, b.Status)
	assert.Equal(t, "mark", b.Field)
	assert.Equal(t, "mark must be 0 to 25", b.Detail)
}
