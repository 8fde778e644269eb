package api

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// TestDatabaseOutageIsUnavailable: when the store says the database cannot
// be reached, the client is told to retry (503 with Retry-After), not that
// Clio broke.
func TestDatabaseOutageIsUnavailable(t *testing.T) {
	p := classify(fmt.Errorf("storing the submission: %w", fmt.Errorf("%w: connection refused", store.ErrUnavailable)))
	assert.Equal(t, problem.Unavailable, p.Kind)
	assert.Positive(t, p.RetryAfter)
	assert.Equal(t, problem.Internal, classify(errors.New("some bug")).Kind)
	assert.Equal(t, problem.NotFound, classify(store.ErrNotFound).Kind)
}
