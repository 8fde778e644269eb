package history

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrokenPacks checks that each mistake a teacher might make is reported
// with the file, the entry and the field at fault.
func TestBrokenPacks(t *testing.T) {
	tests := []struct {
		file string
		want []string // substrings of the error
	}{
		{"unknown-field.json", []string{"unknown-field.json", `people[0] "a"`, "field borm", "unknown field"}},
		{"bad-date.json", []string{"bad-date.json", `events[0] "e"`, "field when", "month must be 01 to 12"}},
		{"reversed-interval.json", []string{`events[0] "e"`, "field when", "must end after it begins"}},
		{"after-death.json", []string{`events[0] "congress"`, "field people", "after Vladimir Lenin died (1924-01-21)"}},
		{"before-birth.json", []string{`events[0] "e"`, "field people", "before P Q was born (1900)"}},
		{"duplicate-alias.json", []string{`people[1] "b"`, "field variants", `"smith" is also a name of people[0] "a"`}},
		{"unknown-person.json", []string{`events[0] "e"`, "field people", `"nobody" is not a person of this pack`}},
		{"bad-id.json", []string{`terms[0] "Not An Id"`, "field id", "is not an id"}},
		{"wrong-file-id.json", []string{"wrong-file-id.json", "field id", `must match the file name "wrong-file-id"`}},
		{"syntax.json", []string{"syntax.json", "JSON syntax error at line 2"}},
		{"no-date.json", []string{`events[0] "e"`, "field when", "no date given"}},
		{"one-factor.json", []string{`questions[0] "q"`, "field factors", "at least two factors"}},
		{"cause-after.json", []string{`events[1] "b"`, "field causes", `"a" (1920) begins after this event ends (1910)`}},
		{"wrong-type.json", []string{`people[0] "a"`, "field variants", "expected []string"}},
		{"bad-kind.json", []string{"field kind", `"course" must be "topic" or "guide"`}},
		{"empty-view.json", []string{`historians[0] "h"`, "field view", "must not be empty"}},
		// Every dated entry must say where its date was checked.
		{"no-source.json", []string{"no-source.json", `people[0] "a"`, `events[0] "e"`, "field sources", "a dated entry needs at least one source"}},
		{"office-no-source.json", []string{`people[0] "a" offices[0] "General Secretary"`, "field sources", "needs at least one source"}},
		{"bad-source.json", []string{`events[0] "e"`, "field sources", `"en.wikipedia.org/wiki/E" is not a web address`}},
		// A date of coming into force needs its own source, and cannot come
		// before the signing.
		{"in-force-no-source.json", []string{`events[0] "e"`, "field in_force_sources", "needs at least one source of its own"}},
		{"in-force-before.json", []string{`events[0] "e"`, "field in_force", "is before the event's date"}},
		{"office-after-death.json", []string{`people[0] "a" offices[0] "King"`, "field to", "is after A B died (1950)"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "broken", tt.file))
			require.NoError(t, err)
			_, err = LoadFS(fstest.MapFS{tt.file: {Data: data}})
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidPack), "errors.Is(err, ErrInvalidPack): %v", err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoadFSNoPacks(t *testing.T) {
	_, err := LoadFS(fstest.MapFS{"README": {Data: []byte("x")}})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidPack)
}

func TestLoadFSRejectsHugeAndBinary(t *testing.T) {
	huge := make([]byte, maxPackBytes+10)
	for i := range huge {
		huge[i] = ' '
	}
	_, err := LoadFS(fstest.MapFS{"huge.json": {Data: huge}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than")

	_, err = LoadFS(fstest.MapFS{"bin.json": {Data: []byte{0xff, 0x00, 0x12, 0x9c}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bin.json")
}

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in        string
		from, to  string
		precision Precision
		wantErr   bool
	}{
		{in: "1922-04-03", from: "1922-04-03", to: "1922-04-03", precision: PrecisionDay},
		{in: "1922-04", from: "1922-04-01", to: "1922-04-30", precision: PrecisionMonth},
		{in: "1924", from: "1924-01-01", to: "1924-12-31", precision: PrecisionYear},
		{in: "1924/1929", from: "1924-01-01", to: "1929-12-31", precision: PrecisionYear},
		{in: "1928-10/1932-12", from: "1928-10-01", to: "1932-12-31", precision: PrecisionMonth},
		{in: "1920s", from: "1920-01-01", to: "1929-12-31", precision: PrecisionDecade},
		{in: "1924-02-29", from: "1924-02-29", to: "1924-02-29", precision: PrecisionDay},
		{in: "1923-02-29", wantErr: true},
		{in: "1929/1924", wantErr: true},
		{in: "22", wantErr: true},
		{in: "1925s", wantErr: true},
		{in: "", wantErr: true},
		{in: "1922-4-3", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			iv, err := ParseInterval(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.from, iv.First().Format("2006-01-02"))
			assert.Equal(t, tt.to, iv.Last().Format("2006-01-02"))
			assert.Equal(t, tt.precision, iv.Precision)
			assert.Equal(t, tt.in, iv.String(), "round trip")
		})
	}
}
