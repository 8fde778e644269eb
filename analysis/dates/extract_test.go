package dates

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func parse(t testing.TB, text string) *analysis.Document {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	return doc
}

// found is "text=value" for each expression, for compact comparison.
func found(doc *analysis.Document, exprs []Expr) []string {
	var out []string
	for _, e := range exprs {
		out = append(out, doc.Slice(e.Span)+"="+e.Value)
	}
	return out
}

func TestExtractForms(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain year", "The Normans invaded in 1066.", []string{"1066=1066"}},
		{"year with AD", "The Romans invaded again in AD 43.", []string{"AD 43=0043"}},
		{"year with BC", "Caesar first landed in Britain in 55 BC.", []string{"55 BC=-0054"}},
		{"AD after", "It was founded in 60 AD.", []string{"60 AD=0060"}},
		{"range token", "In the years 1924–29 Stalin rose to power.", []string{"1924–29=1924/1929"}},
		{"range token long", "The war of 1914-1918 ruined Russia.", []string{"1914-1918=1914/1918"}},
		{"between", "Between 1917 and 1924 Lenin led the state.", []string{"Between 1917 and 1924=1917/1924"}},
		{"from to", "The plan ran from 1928 to 1932.", []string{"from 1928 to 1932=1928/1932"}},
		{"decade", "Industry grew fast in the 1930s.", []string{"the 1930s=1930s"}},
		{"early decade", "In the early 1930s famine struck.", []string{"the early 1930s=1930s"}},
		{"mid decade", "By the mid-1920s NEP was in trouble.", []string{"the mid-1920s=1920s"}},
		{"century", "The Reformation came in the sixteenth century.", []string{"the sixteenth century=15xx"}},
		{"century hyphen", "It was a 16th-century church.", []string{"16th-century=15xx"}},
		{"late century", "Industry grew in the late 18th century.", []string{"the late 18th century=17xx"}},
		{"full date", "Harold died on 14 October 1066.", []string{"14 October 1066=1066-10-14"}},
		{"month first", "The battle was fought on October 14th, 1066.", []string{"October 14th, 1066=1066-10-14"}},
		{"ordinal first", "The Cheka was set up on 20th December 1917.", []string{"20th December 1917=1917-12-20"}},
		{"month year", "The calendar changed in February 1918.", []string{"February 1918=1918-02"}},
		{"day month no year", "The Cheka was founded on December 20th.", []string{"December 20th=--12-20"}},
		{"day month from context", "In 1917 the Bolsheviks took power. The Cheka was founded on 20 December.",
			[]string{"1917=1917", "20 December=1917-12-20"}},
		{"years later", "Lenin died in 1924. Two years later Trotsky was out of the Politburo.",
			[]string{"1924=1924", "Two years later=1926"}},
		{"following year", "Stalin became General Secretary in 1922. The following year Lenin had a stroke.",
			[]string{"1922=1922", "The following year=1923"}},
		{"end of decade", "In 1924 Stalin was weak, but by the end of the decade he ruled alone.",
			[]string{"1924=1924", "by the end of the decade=1929"}},
		{"unresolved relative", "Two years later he was dead.", []string{"Two years later="}},
		{"iso", "The record says 1917-11-07.", []string{"1917-11-07=1917-11-07"}},
		{"impossible day", "Nothing happened on 31 February 1918.", []string{"31 February 1918=1918-02-31"}},
		{"circa", "The castle was built c. 1200.", []string{"c. 1200=1200"}},
		{"decade apostrophe", "In the 1920's the NEP brought recovery.", []string{"the 1920's=1920s"}},
		{"century 1800s", "Russia industrialised late in the 1800s.", []string{"the 1800s=18xx"}},
		{"month range", "From February to October 1917 Russia was in turmoil.", []string{"From February to October 1917=1917-02/1917-10"}},
		{"year to year", "The NEP lasted 1921 to 1928.", []string{"1921 to 1928=1921/1928"}},
		{"ordinal of", "It happened on the 14th of October 1066.", []string{"the 14th of October 1066=1066-10-14"}},
		{"abbreviated month", "The Bolsheviks struck in Oct. 1917.", []string{"Oct. 1917=1917-10"}},
		{"decade earlier", "War came in 1914. A decade earlier Japan had beaten Russia.", []string{"1914=1914", "A decade earlier=1904"}},
		{"months from a month", "Lenin returned in April 1917. Three months later came the July Days.",
			[]string{"April 1917=1917-04", "Three months later=1917-07"}},
		{"us numeric", "The letter is dated 12/20/1917.", []string{"12/20/1917=1917-12-20"}},
		{"century BC", "Athens flourished in the fifth century BC.", []string{"the fifth century BC=-0499/-0400"}},
		{"day range", "Kristallnacht came on 9–10 November 1938.", []string{"9–10 November 1938=1938-11-09/1938-11-10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := parse(t, tc.text)
			assert.Equal(t, tc.want, found(doc, Extract(doc, "en-GB")))
		})
	}
}

func TestExtractNotDates(t *testing.T) {
	tests := []string{
		"The Bill passed by 559 votes to 65.",
		"Over 1,000 men were arrested.",
		"Service makes the point on p. 1917 of his book.",
		"About 26% of 280 people voted.",
		"The army had 1500 soldiers in the town.",
		"NKVD Order No. 00447 set quotas.",
		"It cost £1500 to build.",
		"Output rose by 1200 per cent.",
		"The 10th Party Congress banned factions.",
		"He may 5 times have changed his mind.",
		"The number 99999 is not a year.",
	}
	for _, text := range tests {
		t.Run(text, func(t *testing.T) {
			doc := parse(t, text)
			var years []string
			for _, e := range Extract(doc, "en-GB") {
				if e.Kind != KindRelative {
					years = append(years, doc.Slice(e.Span))
				}
			}
			assert.Empty(t, years, strings.Join(years, ", "))
		})
	}
}
