package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTopicsTmp(t *testing.T) {
	var out, errb bytes.Buffer
	require.NoError(t, runTopics(context.Background(), nil, &out, &errb))
	t.Log(out.String())
	assert.Contains(t, out.String(), "russia-1917-1953")
	out.Reset()
	require.NoError(t, runTopics(context.Background(), []string{"show", "russia-1917-1953"}, &out, &errb))
	s := out.String()
	assert.Contains(t, s, "1922-04-03")
	assert.Less(t, bytes.Index(out.Bytes(), []byte("February Revolution")), bytes.Index(out.Bytes(), []byte("Stalin appointed General Secretary")))
	t.Log(s[:3000])
	out.Reset()
	require.NoError(t, runTopics(context.Background(), []string{"show", "--format", "json", "historiography"}, &out, &errb))
	assert.Contains(t, out.String(), `"when": "1931"`)
	err := runTopics(context.Background(), []string{"show", "nope"}, &out, &errb)
	assert.True(t, errors.Is(err, errUsage))
	t.Log(err)
	err = runTopics(context.Background(), []string{"--format", "xml"}, &out, &errb)
	assert.True(t, errors.Is(err, errUsage))
	require.NoError(t, runTopics(context.Background(), []string{"--format", "json"}, &out, &errb))
}
