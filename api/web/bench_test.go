package web

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric/marking"
)

// BenchmarkHighlight measures rendering the fixture essay's findings as
// highlighted HTML, the work every feedback page does.
func BenchmarkHighlight(b *testing.B) {
	m, err := sharedMarker()
	require.NoError(b, err)
	text := fixtureB(b, "mary-spelling.txt")
	rep, err := m.Mark(context.Background(), marking.Request{Text: text})
	require.NoError(b, err)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Highlight(text, rep.Findings)
	}
}
