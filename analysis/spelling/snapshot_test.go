package spelling

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

var updateSnapshot = flag.Bool("update", false, "rewrite data/snapshot.bin from the word lists, lexicon and topic packs")

// packNames are the names the standard engine gives the spelling analyzer.
func packNames(t testing.TB) []string {
	lib, err := history.Default()
	require.NoError(t, err)
	return lib.Names()
}

// builtFromSources is the Analyzer New made before the snapshot: the
// dictionary and suggester built from the word lists at run time.
func builtFromSources(t testing.TB, extra []string) *Analyzer {
	base, err := baseDictionary()
	require.NoError(t, err)
	names := splitNames(extra)
	d := base.withNames(names)
	return &Analyzer{dict: d, suggester: sync.OnceValue(func() *suggester { return newSuggester(d) }),
		phrases: newPhraseIndex(d, lexiconNames(), names)}
}

// TestSnapshotUpToDate rebuilds the dictionary and suggestion index from the
// word lists, the lexicon and the topic packs and checks the embedded
// snapshot is exactly that: a change to any of them without `go generate
// ./analysis/spelling` fails here.
func TestSnapshotUpToDate(t *testing.T) {
	names := splitNames(packNames(t))
	a := builtFromSources(t, packNames(t))
	want := encodeSnapshot(namesHash(names), a.dict, a.suggester())
	if *updateSnapshot {
		require.NoError(t, os.WriteFile(filepath.Join("data", "snapshot.bin"), want, 0o644))
		return
	}
	require.True(t, snapshotData == string(want),
		"data/snapshot.bin is stale (%d bytes, want %d): run go generate ./analysis/spelling", len(snapshotData), len(want))
	sn, err := decodeSnapshot(snapshotData)
	require.NoError(t, err)
	sugg, err := sn.sugg()
	require.NoError(t, err)
	assert.Equal(t, want, encodeSnapshot(sn.namesHash, sn.dict, sugg), "decoding and encoding again gives the same bytes")
	start := uintptr(unsafe.Pointer(unsafe.StringData(snapshotData)))
	at := uintptr(unsafe.Pointer(&sugg.deletes[0]))
	t.Logf("snapshot at %#x: the delete index is used in place: %v", start, at >= start && at < start+uintptr(len(snapshotData)))
}

// TestSnapshotMarksAsBefore checks the analyzer the standard engine gets
// (from the snapshot) reports exactly what the one built from the word lists
// reports, suggestions included, on essays full of slips.
func TestSnapshotMarksAsBefore(t *testing.T) {
	fast, err := New(Options{ExtraNames: packNames(t)})
	require.NoError(t, err)
	sn, err := loadSnapshot()
	require.NoError(t, err)
	require.Same(t, sn.dict, fast.dict, "the pack names are the snapshot's")
	slow := builtFromSources(t, packNames(t))
	var texts []string
	for _, p := range []string{"../../fixtures/mary-spelling.txt", "../../fixtures/french-dates.txt", "../../fixtures/contract/stalin-slips.txt"} {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		texts = append(texts, string(b))
	}
	total := 0
	for _, text := range texts {
		doc, err := analysis.Parse(context.Background(), text)
		require.NoError(t, err)
		want, err := slow.Analyze(context.Background(), doc, analysis.Task{Locale: LocaleGB})
		require.NoError(t, err)
		got, err := fast.Analyze(context.Background(), doc, analysis.Task{Locale: LocaleGB})
		require.NoError(t, err)
		total += len(want.Findings)
		assert.Equal(t, want, got)
	}
	require.Greater(t, total, 20, "the essays have slips to suggest for")
	// Other names are built from the word lists, as before.
	other, err := New(Options{ExtraNames: []string{"Zzyzxian"}})
	require.NoError(t, err)
	assert.NotSame(t, sn.dict, other.dict)
	assert.True(t, other.Check("Zzyzxian", LocaleGB))
}

// TestSnapshotCorrupt: a damaged snapshot is an error, never a panic or a
// huge allocation.
func TestSnapshotCorrupt(t *testing.T) {
	good := snapshotData
	for name, data := range map[string]string{
		"Empty":         "",
		"WrongHeader":   "not a snapshot at all, but long enough to read",
		"HeaderOnly":    snapshotMagic,
		"Half":          good[:len(good)/2],
		"OneByteShort":  good[:len(good)-1],
		"TrailingBytes": good + "x",
		"HugeCount":     snapshotMagic + "\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\xff\xff\xff\x7f",
	} {
		t.Run(name, func(t *testing.T) {
			sn, err := decodeSnapshot(data)
			if err == nil {
				_, err = sn.sugg()
			}
			assert.ErrorIs(t, err, errSnapshot)
		})
	}
}
