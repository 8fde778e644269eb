package dates

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

const (
	germany     = "germany-1871-1945"
	westGermany = "germany-1945-1991"
	coldWar     = "cold-war-1945-1991"
)

// TestComingIntoForce: a clause about a treaty coming into force is checked
// against the date the pack gives for that, never against the signing; a
// clause about ratification, or about being in force, is not checked.
func TestComingIntoForce(t *testing.T) {
	a := newAnalyzer(t)
	for _, tc := range []struct {
		topic, text, date string
		want              string // the date's verdict
	}{
		{germany, "The Treaty of Versailles came into force in 1920.", "1920", VerdictConsistent},
		{germany, "The Treaty of Versailles entered into force on 10 January 1920.", "10 January 1920", VerdictConsistent},
		{germany, "The Treaty of Versailles took effect in 1920.", "1920", VerdictConsistent},
		{germany, "The Treaty of Versailles came into effect in January 1920.", "January 1920", VerdictConsistent},
		{germany, "The Treaty of Versailles came into force in 1919.", "1919", VerdictConflict},
		{germany, "The Treaty of Versailles took effect in 1919.", "1919", VerdictConflict},
		{germany, "The Treaty of Versailles was signed in 1919.", "1919", VerdictConsistent},
		{germany, "The Treaty of Versailles was signed in 1920.", "1920", VerdictConflict},
		{germany, "The Treaty of Versailles was ratified in 1920.", "1920", VerdictUnknown},
		{germany, "The Treaty of Versailles was ratified in 1919.", "1919", VerdictUnknown},
		{germany, "The Treaty of Versailles was still in force in 1930.", "1930", VerdictUnknown},
		{germany, "Germany felt the effects of the Treaty of Versailles in 1923.", "1923", VerdictUnknown},
		{germany, "The Treaty of Versailles, effective from 1920, was resented.", "1920", VerdictUnknown},
		{germany, "The Locarno Treaties came into force in September 1926.", "September 1926", VerdictConsistent},
		{germany, "The Locarno Treaties came into force in December 1925.", "December 1925", VerdictConflict},
		{westGermany, "The Treaty of Rome came into force on 1 January 1958.", "1 January 1958", VerdictConsistent},
		{westGermany, "The Treaty of Rome came into force in 1957.", "1957", VerdictConflict},
		{westGermany, "The Treaty of Rome, signed in March 1957, came into force in 1959.", "March 1957", VerdictUnknown},
		{coldWar, "The Basic Treaty came into force in 1973.", "1973", VerdictConsistent},
		{coldWar, "The Basic Treaty came into force in 1972.", "1972", VerdictConflict},
	} {
		t.Run(tc.text, func(t *testing.T) {
			doc, out := analyze(t, a, tc.text, analysis.Task{Topic: tc.topic})
			got := ""
			for _, d := range out.Dates {
				if doc.Slice(d.Span) == tc.date {
					got = d.Verdict
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestComingIntoForceFinding: the finding names the date of coming into
// force and its own source, so a tutor can check it.
func TestComingIntoForceFinding(t *testing.T) {
	a := newAnalyzer(t)
	_, out := analyze(t, a, "The Treaty of Versailles came into force in 1919.", analysis.Task{Topic: germany})
	fs := withCode(out, CodeConflict)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "10 January 1920")
	assert.Equal(t, "1920-01-10", fs[0].Data["correct"])
	assert.Equal(t, "versailles"+inForceSuffix, fs[0].Data["event_id"])
	assert.Equal(t, "https://en.wikipedia.org/wiki/Treaty_of_Versailles", fs[0].Data["source"])
}

// TestPhasesOfAnEvent: "began" and "ended" are not accused when the date lies
// in the half of the event's span the verb points to (a later phase of its
// start, an earlier phase of its end) and the pack dates that end more
// coarsely than a day; they are outside it.
func TestPhasesOfAnEvent(t *testing.T) {
	a := newAnalyzer(t)
	for _, tc := range []struct {
		topic, text string
		accused     bool
	}{
		{germany, "Operation Reinhard began in March 1942.", false},
		{germany, "Operation Reinhard started in 1942.", false},
		{germany, "Operation Reinhard began in 1940.", true},
		{germany, "Operation Reinhard ended in 1945.", true},
		{coldWar, "Marshall Aid began arriving in 1948.", false},
		{coldWar, "Marshall Aid began in April 1947.", true},
		{coldWar, "The Marshall Plan ended in 1951.", false},
		{coldWar, "The Marshall Plan came to an end in 1951.", false},
		{coldWar, "The Marshall Plan ended in 1949.", true},
		{russia, "The First Five-Year Plan began in 1932.", true},
		{russia, "The First Five-Year Plan began in 1928.", false},
		// A start dated to the day is a moment, not a phase.
		{coldWar, "The Korean War began in June 1951.", true},
		{coldWar, "The Korean War began in June 1950.", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			_, out := analyze(t, a, tc.text, analysis.Task{Topic: tc.topic})
			assert.Equal(t, tc.accused, len(withCode(out, CodeConflict)) > 0)
		})
	}
}
