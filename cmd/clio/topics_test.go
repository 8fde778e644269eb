package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTopicsListsAndShows: clio topics lists the packs, and clio topics show
// prints a pack's events in date order, in text and JSON; an unknown pack or
// format is a usage error.
func TestTopicsListsAndShows(t *testing.T) {
	ctx := context.Background()
	var out, errb bytes.Buffer
	require.NoError(t, runTopics(ctx, nil, &out, &errb))
	assert.Contains(t, out.String(), "russia-1917-1953")

	out.Reset()
	require.NoError(t, runTopics(ctx, []string{"show", "russia-1917-1953"}, &out, &errb))
	assert.Contains(t, out.String(), "1922-04-03")
	february := bytes.Index(out.Bytes(), []byte("February Revolution"))
	secretary := bytes.Index(out.Bytes(), []byte("Stalin appointed General Secretary"))
	require.GreaterOrEqual(t, february, 0, "the February Revolution is listed")
	require.GreaterOrEqual(t, secretary, 0, "Stalin's appointment is listed")
	assert.Less(t, february, secretary, "events are listed in date order")
	// Every date comes with the page where it was checked, and offices with theirs.
	assert.Contains(t, out.String(), "source: https://en.wikipedia.org/wiki/General_Secretary_of_the_Communist_Party_of_the_Soviet_Union")
	assert.Contains(t, out.String(), "office: General Secretary, 1922-04-03 – 1952-10 (source: https://en.wikipedia.org/wiki/Joseph_Stalin)")

	out.Reset()
	require.NoError(t, runTopics(ctx, []string{"show", "--format", "json", "historiography"}, &out, &errb))
	assert.Contains(t, out.String(), `"when": "1931"`)

	err := runTopics(ctx, []string{"show", "nope"}, &out, &errb)
	assert.True(t, errors.Is(err, errUsage), "an unknown pack is a usage error: %v", err)
	err = runTopics(ctx, []string{"--format", "xml"}, &out, &errb)
	assert.True(t, errors.Is(err, errUsage), "an unknown format is a usage error: %v", err)

	out.Reset()
	require.NoError(t, runTopics(ctx, []string{"--format", "json"}, &out, &errb))
	assert.Contains(t, out.String(), `"russia-1917-1953"`)
}
